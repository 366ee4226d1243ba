import { useEffect, useId, useRef, useState } from 'react'

import { Link, routes } from '@redwoodjs/router'

import OtpInputForm from 'src/components/OtpInputForm/OtpInputForm'
import RecoveryCodeForm from 'src/components/RecoveryCodeForm/RecoveryCodeForm'
import Button from 'src/components/ui/Button'
import { codeStatusMessage } from 'src/lib/codeStatus'
import { maskedPhoneNumber } from 'src/lib/maskedPhoneNumber'
import {
  describeTwoFactorError,
  hasErrorCode,
  SMS_LIMITED,
} from 'src/lib/twoFactorErrors'
import type { LiveCode, SecondFactorMethod } from 'src/lib/twoFactorGraphql'
import { useCodeVerification } from 'src/lib/useCodeVerification'
import { useOtpChallenge } from 'src/lib/useOtpChallenge'

export interface SecondFactorPromptProps {
  /** What the account can verify with; only these are offered. */
  methods: SecondFactorMethod[]
  /** Shown first when available: the method used last. */
  preferredMethod: SecondFactorMethod | null
  /** Where a texted code goes. */
  phoneNumberHint: string | null
  /**
   * A code texted earlier that still works: then showing the text-message
   * form sends nothing, and says when that code was sent and until when it
   * works.
   */
  liveCode?: LiveCode | null
  onVerified: (method: SecondFactorMethod) => unknown
  /** Put the cursor in the first form's field (later switches always do). */
  focusOnMount?: boolean
}

const CHOICE_LABELS: Record<
  SecondFactorMethod,
  (phoneNumberHint: string | null) => string
> = {
  SMS: (hint) => `Text a code to ${maskedPhoneNumber(hint) ?? 'your phone'}`,
  TOTP: () => 'Use your authenticator app',
  RECOVERY_CODE: () => 'Use a recovery code',
}

/** Recovery codes are the fallback: never offered first unless nothing else is. */
export const firstMethod = (
  methods: SecondFactorMethod[],
  preferred: SecondFactorMethod | null
): SecondFactorMethod =>
  (preferred !== 'RECOVERY_CODE' &&
    preferred &&
    methods.includes(preferred) &&
    preferred) ||
  methods.find((method) => method !== 'RECOVERY_CODE') ||
  methods[0] ||
  'SMS'

/**
 * Asks for a second factor with whichever method the person has at hand:
 * the preferred one first, and "Try another way" for the others.
 */
const SecondFactorPrompt = ({
  methods,
  preferredMethod,
  phoneNumberHint,
  liveCode = null,
  onVerified,
  focusOnMount = true,
}: SecondFactorPromptProps) => {
  // An account that predates the method list still has its texted codes.
  const available: SecondFactorMethod[] = methods.length ? methods : ['SMS']
  const [method, setMethod] = useState(() =>
    firstMethod(available, preferredMethod)
  )
  const [choosing, setChoosing] = useState(false)
  const [focusInput, setFocusInput] = useState(focusOnMount)
  const choicesId = useId()

  // All three live here, not in the forms, so switching away and back keeps
  // the resend countdown and does not send another text.
  const sms = useOtpChallenge({ onVerified: () => onVerified('SMS') })
  const app = useCodeVerification({
    method: 'TOTP',
    onVerified: () => onVerified('TOTP'),
  })
  const recovery = useCodeVerification({
    method: 'RECOVERY_CODE',
    onVerified: () => onVerified('RECOVERY_CODE'),
  })

  // A ref survives React's development double-mount, so one visit sends one
  // text, and only once the text-message form is actually shown.
  const smsStarted = useRef(false)
  const { sendCode, adoptLiveCode } = sms
  useEffect(() => {
    if (method !== 'SMS' || smsStarted.current) {
      return
    }
    smsStarted.current = true
    if (liveCode) {
      adoptLiveCode(liveCode)
    } else {
      sendCode()
    }
  }, [method, liveCode, sendCode, adoptLiveCode])

  const choose = (next: SecondFactorMethod) => {
    setFocusInput(true)
    setChoosing(false)
    setMethod(next)
  }

  const error =
    method === 'SMS' ? sms.error : method === 'TOTP' ? app.error : null
  // Texted and app codes share the account's lock; a recovery code has its
  // own limit, so it is how the owner gets in while someone guesses.
  const offerRecovery =
    hasErrorCode(error, 'TWO_FACTOR_LOCKED') &&
    available.includes('RECOVERY_CODE')
  const others = available.filter((m) => m !== method)
  // Texts are out of reach for a while: the other ways are shown at once.
  const smsLimited =
    method === 'SMS' &&
    others.length > 0 &&
    SMS_LIMITED.has(describeTwoFactorError(sms.error).code)
  const showChoices = choosing || smsLimited

  return (
    <div className="space-y-4">
      {method === 'SMS' && (
        <>
          <p role="status" aria-live="polite" className="text-slate-700">
            {codeStatusMessage(sms, maskedPhoneNumber(phoneNumberHint))}
          </p>
          <OtpInputForm
            label="Verification code"
            onSubmit={sms.verifyCode}
            onResend={sms.sendCode}
            resendAvailableInSeconds={sms.resendAvailableInSeconds}
            resendCountdownKey={sms.resendCountdownKey}
            verifying={sms.verifying}
            resending={sms.sending}
            error={sms.error}
            focusOnMount={focusInput}
          />
        </>
      )}

      {method === 'TOTP' && (
        <OtpInputForm
          source="app"
          label="Authentication code"
          description="Open your authenticator app and enter the 6-digit code it shows for this account."
          onSubmit={app.verifyCode}
          verifying={app.verifying}
          error={app.error}
          focusOnMount={focusInput}
        />
      )}

      {method === 'RECOVERY_CODE' && (
        <RecoveryCodeForm
          onSubmit={recovery.verifyCode}
          verifying={recovery.verifying}
          error={recovery.error}
          focusOnMount={focusInput}
        />
      )}

      {hasErrorCode(error, 'TOO_MANY_FAILED_ATTEMPTS') && (
        <p>
          <Link
            to={routes.login()}
            className="inline-flex min-h-tap items-center"
          >
            Sign in again
          </Link>
        </p>
      )}

      {offerRecovery && (
        <p className="text-slate-700">
          You can still get in with one of your recovery codes.{' '}
          <Button variant="link" onClick={() => choose('RECOVERY_CODE')}>
            Use a recovery code
          </Button>
        </p>
      )}

      {smsLimited && (
        <p className="text-slate-700">
          You do not have to wait for a text: try another way below.
        </p>
      )}

      {others.length > 0 && (
        <div className="border-t border-slate-200 pt-3">
          <Button
            variant="link"
            aria-expanded={showChoices}
            aria-controls={choicesId}
            onClick={() => setChoosing(!showChoices)}
          >
            Try another way
          </Button>
          {/* The class, not only the attribute: `flex` would beat `hidden`. */}
          <ul
            id={choicesId}
            className={`${showChoices ? 'flex' : 'hidden'} mt-2 flex-col gap-2 sm:items-start`}
            hidden={!showChoices}
          >
            {others.map((other) => (
              <li key={other}>
                <Button
                  variant="secondary"
                  className="w-full sm:w-auto"
                  onClick={() => choose(other)}
                >
                  {CHOICE_LABELS[other](phoneNumberHint)}
                </Button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  )
}

export default SecondFactorPrompt
