import { useCallback, useEffect, useId, useRef, useState } from 'react'

import Button from 'src/components/ui/Button'
import { inputClasses } from 'src/components/ui/Field'
import {
  digitsForField,
  isValidOtp,
  normaliseOtpInput,
  OTP_LENGTH,
} from 'src/lib/otpCode'
import { describeTwoFactorError } from 'src/lib/twoFactorErrors'
import {
  describeResendWait,
  formatCountdown,
  useCountdown,
} from 'src/lib/useCountdown'
import { receiveSmsCode } from 'src/lib/webOtp'

export const INCOMPLETE_CODE_MESSAGE = `Enter the ${OTP_LENGTH}-digit code from the text message.`
export const INCOMPLETE_APP_CODE_MESSAGE = `Enter the ${OTP_LENGTH}-digit code from your authenticator app.`
export const BAD_PASTE_MESSAGE = `That does not look like a ${OTP_LENGTH}-digit code. Paste only the code.`

export interface OtpInputFormProps {
  onSubmit: (code: string) => unknown
  onResend?: () => unknown
  /** Seconds until the server accepts another requestOtp. */
  resendAvailableInSeconds?: number | null
  /** Change it to restart the countdown and clear the field after a resend. */
  resendCountdownKey?: string | number
  verifying?: boolean
  resending?: boolean
  /** An error from verifyOtp or requestOtp; its extensions.code picks the message. */
  error?: unknown
  label?: string
  description?: React.ReactNode
  submitLabel?: string
  /** Put the cursor in the field when the form appears. */
  focusOnMount?: boolean
  /** Where the code comes from: a text message, or an authenticator app. */
  source?: 'sms' | 'app'
}

const ResendButton = ({
  onResend,
  secondsLeft,
  resending,
}: {
  onResend: () => unknown
  secondsLeft: number
  resending: boolean
}) => {
  const waiting = secondsLeft > 0
  // The button counts every second; a screen reader hears the wait only when
  // it starts, at each minute and when it is over (a polite region that
  // changes that rarely), not sixty times a minute.
  const [waited, setWaited] = useState(waiting)
  useEffect(() => {
    if (waiting) {
      setWaited(true)
    }
  }, [waiting])
  const announcement = waiting
    ? describeResendWait(secondsLeft)
    : waited
      ? 'You can ask for a new code now.'
      : ''
  return (
    <>
      <Button
        variant="secondary"
        onClick={() => onResend()}
        disabled={waiting}
        busy={resending}
        busyLabel="Sending…"
      >
        {waiting ? (
          <span className="tabular-nums">
            Resend code in {formatCountdown(secondsLeft)}
          </span>
        ) : (
          'Resend code'
        )}
      </Button>
      <span aria-live="polite" className="sr-only">
        {announcement}
      </span>
    </>
  )
}

const OtpInputForm = ({
  onSubmit,
  onResend,
  resendAvailableInSeconds,
  resendCountdownKey,
  verifying = false,
  resending = false,
  error,
  label = 'Verification code',
  description,
  submitLabel = 'Verify',
  focusOnMount = true,
  source = 'sms',
}: OtpInputFormProps) => {
  const inputId = useId()
  const messageId = `${inputId}-message`
  const descriptionId = `${inputId}-description`
  const inputRef = useRef<HTMLInputElement>(null)

  const [code, setCode] = useState('')
  const [localError, setLocalError] = useState<string | null>(null)
  const secondsLeft = useCountdown(resendAvailableInSeconds, resendCountdownKey)

  // The last code handed to onSubmit automatically: an unchanged field must
  // not burn another of the server's limited attempts on every re-render.
  const autoSubmitted = useRef<string | null>(null)
  const onSubmitRef = useRef(onSubmit)
  onSubmitRef.current = onSubmit
  const verifyingRef = useRef(verifying)
  verifyingRef.current = verifying
  const sourceRef = useRef(source)
  sourceRef.current = source

  const submitCode = useCallback((candidate: string) => {
    if (!isValidOtp(candidate)) {
      setLocalError(
        sourceRef.current === 'app'
          ? INCOMPLETE_APP_CODE_MESSAGE
          : INCOMPLETE_CODE_MESSAGE
      )
      inputRef.current?.focus()
      return
    }
    if (verifyingRef.current) {
      return
    }
    setLocalError(null)
    onSubmitRef.current(candidate)
  }, [])

  const acceptCode = useCallback(
    (next: string) => {
      setCode(next)
      if (next.length < OTP_LENGTH) {
        autoSubmitted.current = null
        return
      }
      if (autoSubmitted.current !== next) {
        autoSubmitted.current = next
        submitCode(next)
      }
    },
    [submitCode]
  )

  const serverError = error
    ? describeTwoFactorError(error, source === 'app' ? 'TOTP' : 'SMS')
    : null
  const message = localError ?? serverError?.message ?? null

  useEffect(() => {
    if (focusOnMount) {
      inputRef.current?.focus()
    }
    // Only on mount: later focus moves are driven by errors and resends.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  // A rejected code stays in the field, selected, so typing replaces it.
  useEffect(() => {
    if (error && inputRef.current) {
      inputRef.current.focus()
      inputRef.current.select()
    }
  }, [error])

  // A new code was sent: the old one is useless, start again.
  const firstKey = useRef(resendCountdownKey)
  useEffect(() => {
    if (firstKey.current === resendCountdownKey) {
      return
    }
    setCode('')
    setLocalError(null)
    autoSubmitted.current = null
    inputRef.current?.focus()
  }, [resendCountdownKey])

  useEffect(() => {
    if (source !== 'sms') {
      return undefined
    }
    const controller = new AbortController()
    receiveSmsCode(controller.signal).then((received) => {
      if (received && !controller.signal.aborted) {
        acceptCode(digitsForField(received))
      }
    })
    return () => controller.abort()
  }, [acceptCode, resendCountdownKey, source])

  const onChange = (event: React.ChangeEvent<HTMLInputElement>) => {
    setLocalError(null)
    acceptCode(digitsForField(event.target.value))
  }

  const onPaste = (event: React.ClipboardEvent<HTMLInputElement>) => {
    const pasted = normaliseOtpInput(event.clipboardData.getData('text'))
    event.preventDefault()
    if (!/^\d+$/.test(pasted) || pasted.length > OTP_LENGTH) {
      setLocalError(BAD_PASTE_MESSAGE)
      return
    }
    setLocalError(null)
    acceptCode(pasted)
  }

  const onFormSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    autoSubmitted.current = code
    submitCode(code)
  }

  const describedBy = [description ? descriptionId : null, messageId]
    .filter(Boolean)
    .join(' ')

  return (
    <form onSubmit={onFormSubmit} noValidate className="space-y-1.5">
      <label htmlFor={inputId} className="block font-medium text-slate-900">
        {label}
      </label>
      {description && (
        <p id={descriptionId} className="text-sm text-slate-600">
          {description}
        </p>
      )}
      <input
        ref={inputRef}
        id={inputId}
        name="otp"
        type="text"
        // Wide-spaced digits at 24 px: easy to read back against the text.
        className={inputClasses(
          !!message,
          'max-w-[13rem] font-mono text-2xl tabular-nums tracking-[0.35em]'
        )}
        autoComplete="one-time-code"
        inputMode="numeric"
        pattern={`\\d{${OTP_LENGTH}}`}
        value={code}
        onChange={onChange}
        onPaste={onPaste}
        aria-invalid={message ? true : undefined}
        aria-describedby={describedBy}
        readOnly={verifying}
      />
      <p
        id={messageId}
        role="alert"
        className="min-h-[1.25rem] text-sm font-medium text-red-700"
      >
        {message}
      </p>

      <div className="flex flex-wrap items-center gap-3 pt-2">
        <Button
          type="submit"
          variant="primary"
          busy={verifying}
          busyLabel="Checking…"
        >
          {submitLabel}
        </Button>
        {onResend && (
          <ResendButton
            onResend={onResend}
            secondsLeft={secondsLeft}
            resending={resending}
          />
        )}
      </div>
    </form>
  )
}

export default OtpInputForm
