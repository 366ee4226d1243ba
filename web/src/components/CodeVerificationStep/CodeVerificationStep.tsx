import { useEffect, useRef } from 'react'

import OtpInputForm from 'src/components/OtpInputForm/OtpInputForm'
import { useOtpChallenge } from 'src/lib/useOtpChallenge'

export interface CodeVerificationStepProps {
  heading: string
  phoneNumberHint: string | null
  onVerified: () => unknown
  onCancel: () => void
}

/** Sends a code to the account's number as soon as it appears, then checks it. */
const CodeVerificationStep = ({
  heading,
  phoneNumberHint,
  onVerified,
  onCancel,
}: CodeVerificationStepProps) => {
  const challenge = useOtpChallenge({ onVerified })
  const { sendCode } = challenge

  // A ref survives React's development double-mount, so one visit sends one SMS.
  const sent = useRef(false)
  useEffect(() => {
    if (!sent.current) {
      sent.current = true
      sendCode()
    }
  }, [sendCode])

  const headingRef = useRef<HTMLHeadingElement>(null)
  useEffect(() => headingRef.current?.focus(), [])

  return (
    <section aria-labelledby="code-step-heading">
      <h3 id="code-step-heading" ref={headingRef} tabIndex={-1}>
        {heading}
      </h3>
      <p role="status" aria-live="polite">
        {challenge.sending
          ? 'Sending a code…'
          : challenge.codeSent
            ? `We texted a 6-digit code to ${phoneNumberHint ?? 'your phone'}.`
            : null}
      </p>
      <OtpInputForm
        focusOnMount={false}
        onSubmit={challenge.verifyCode}
        onResend={challenge.sendCode}
        resendAvailableInSeconds={challenge.resendAvailableInSeconds}
        resendCountdownKey={challenge.resendCountdownKey}
        verifying={challenge.verifying}
        resending={challenge.sending}
        error={challenge.error}
      />
      <button type="button" className="app-link-button" onClick={onCancel}>
        Cancel
      </button>
    </section>
  )
}

export default CodeVerificationStep
