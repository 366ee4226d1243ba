import { useEffect, useRef } from 'react'

import OtpInputForm from 'src/components/OtpInputForm/OtpInputForm'
import Button from 'src/components/ui/Button'
import { codeStatusMessage } from 'src/lib/codeStatus'
import { maskedPhoneNumber } from 'src/lib/maskedPhoneNumber'
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
    <section aria-labelledby="code-step-heading" className="space-y-3">
      <h3
        id="code-step-heading"
        ref={headingRef}
        tabIndex={-1}
        className="text-lg font-semibold"
      >
        {heading}
      </h3>
      <p role="status" aria-live="polite" className="text-slate-700">
        {codeStatusMessage(challenge, maskedPhoneNumber(phoneNumberHint))}
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
          <p className="text-slate-700">
            You do not have to wait for a text:{' '}
            <Button variant="link" onClick={onUseAuthenticatorApp}>
              Use an authenticator app instead
            </Button>
          </p>
        )}
      <Button variant="link" onClick={onCancel}>
        Cancel
      </Button>
    </section>
  )
}

export default CodeVerificationStep
