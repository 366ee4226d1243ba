import { useEffect, useRef } from 'react'

import OtpInputForm from 'src/components/OtpInputForm/OtpInputForm'
import { codeStatusMessage } from 'src/lib/codeStatus'
import { describeTwoFactorError, SMS_LIMITED } from 'src/lib/twoFactorErrors'
import { useOtpChallenge } from 'src/lib/useOtpChallenge'

export interface CodeVerificationStepProps {
  heading: string
  phoneNumberHint: string | null
  onVerified: () => unknown
  onCancel: () => void
  /** Offered when texts are limited for a while: set up an app instead. */
  onUseAuthenticatorApp?: () => void
}

/** Sends a code to the account's number as soon as it appears, then checks it. */
const CodeVerificationStep = ({
  heading,
  phoneNumberHint,
  onVerified,
  onCancel,
  onUseAuthenticatorApp,
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
        {codeStatusMessage(challenge, phoneNumberHint)}
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
      {onUseAuthenticatorApp &&
        SMS_LIMITED.has(describeTwoFactorError(challenge.error).code) && (
          <p className="app-hint">
            You do not have to wait for a text:{' '}
            <button
              type="button"
              className="app-link-button"
              onClick={onUseAuthenticatorApp}
            >
              Use an authenticator app instead
            </button>
          </p>
        )}
      <button type="button" className="app-link-button" onClick={onCancel}>
        Cancel
      </button>
    </section>
  )
}

export default CodeVerificationStep
