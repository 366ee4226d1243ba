import { useCallback, useEffect, useId, useRef, useState } from 'react'

import { useMutation } from '@redwoodjs/web'
import { toast } from '@redwoodjs/web/toast'

import OtpInputForm from 'src/components/OtpInputForm/OtpInputForm'
import Alert from 'src/components/ui/Alert'
import Button from 'src/components/ui/Button'
import { inputClasses } from 'src/components/ui/Field'
import { copyText, svgDataUri } from 'src/lib/saveText'
import { describeTwoFactorError, hasErrorCode } from 'src/lib/twoFactorErrors'
import {
  CONFIRM_TOTP_ENROLLMENT_MUTATION,
  ConfirmTotpEnrollmentData,
  ConfirmTotpEnrollmentVariables,
  START_TOTP_ENROLLMENT_MUTATION,
  StartTotpEnrollmentData,
  TotpEnrollment as Enrollment,
} from 'src/lib/twoFactorGraphql'

export interface TotpEnrollmentProps {
  /** The app is now one of the account's factors. */
  /** `recoveryCodes`: the first set, when adding the app turned two-factor on. */
  onConfirmed: (recoveryCodes: string[] | null) => unknown
  onCancel: () => void
  /** The server wants a second factor verified again before this change. */
  onFreshFactorRequired: () => void
}

/** Base32 in groups of four, the way apps show keys and people type them. */
export const groupKey = (secret: string) =>
  (secret.match(/.{1,4}/g) ?? []).join(' ')

const TotpEnrollment = ({
  onConfirmed,
  onCancel,
  onFreshFactorRequired,
}: TotpEnrollmentProps) => {
  const id = useId()
  const headingRef = useRef<HTMLHeadingElement>(null)
  const restartRef = useRef<HTMLButtonElement>(null)
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null)
  const [startError, setStartError] = useState<unknown>(null)
  const [confirmError, setConfirmError] = useState<unknown>(null)
  const [completing, setCompleting] = useState(false)

  const [startEnrollment, { loading: starting }] =
    useMutation<StartTotpEnrollmentData>(START_TOTP_ENROLLMENT_MUTATION)
  const [confirmEnrollment, { loading: confirming }] = useMutation<
    ConfirmTotpEnrollmentData,
    ConfirmTotpEnrollmentVariables
  >(CONFIRM_TOTP_ENROLLMENT_MUTATION)

  const begin = useCallback(async () => {
    setStartError(null)
    setConfirmError(null)
    setEnrollment(null)
    try {
      const { data } = await startEnrollment()
      setEnrollment(data?.startTotpEnrollment ?? null)
    } catch (error) {
      if (hasErrorCode(error, 'FRESH_SECOND_FACTOR_REQUIRED')) {
        onFreshFactorRequired()
      } else {
        setStartError(error)
      }
    }
  }, [startEnrollment, onFreshFactorRequired])

  // A ref survives React's development double-mount: one visit, one secret.
  const started = useRef(false)
  useEffect(() => {
    if (!started.current) {
      started.current = true
      headingRef.current?.focus()
      begin()
    }
  }, [begin])

  const expired = hasErrorCode(confirmError, 'TOTP_ENROLLMENT_EXPIRED')
  useEffect(() => {
    if (expired) {
      restartRef.current?.focus()
    }
  }, [expired])

  const confirm = async (code: string) => {
    setConfirmError(null)
    let recoveryCodes: string[] | null = null
    try {
      const { data } = await confirmEnrollment({ variables: { code } })
      if (!data?.confirmTotpEnrollment?.success) {
        setConfirmError({ extensions: { code: 'OTP_INVALID' } })
        return
      }
      recoveryCodes = data.confirmTotpEnrollment.recoveryCodes ?? null
    } catch (error) {
      if (hasErrorCode(error, 'FRESH_SECOND_FACTOR_REQUIRED')) {
        onFreshFactorRequired()
      } else {
        setConfirmError(error)
      }
      return
    }
    setCompleting(true)
    try {
      await onConfirmed(recoveryCodes)
    } finally {
      setCompleting(false)
    }
  }

  const copyKey = async () => {
    if (enrollment && (await copyText(enrollment.secret))) {
      toast.success('Setup key copied.')
    } else {
      toast.error('Could not copy. Select the key and copy it yourself.')
    }
  }

  const keyId = `${id}-key`
  const keyHintId = `${id}-key-hint`

  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-4">
      <h3
        id={`${id}-heading`}
        ref={headingRef}
        tabIndex={-1}
        className="text-lg font-semibold"
      >
        Add an authenticator app
      </h3>

      {starting && (
        <p role="status" className="text-slate-700">
          Preparing your QR code…
        </p>
      )}

      {startError && (
        <div className="space-y-3">
          <Alert tone="error">
            {describeTwoFactorError(startError).message}
          </Alert>
          <Button onClick={begin}>Try again</Button>
        </div>
      )}

      {expired && (
        <div className="space-y-3">
          <Alert tone="error">
            {describeTwoFactorError(confirmError).message}
          </Alert>
          <Button ref={restartRef} variant="primary" onClick={begin}>
            Start again
          </Button>
        </div>
      )}

      {enrollment && !expired && (
        <ol className="list-decimal space-y-6 pl-5 marker:font-semibold">
          <li className="space-y-3 pl-1">
            <p>
              Scan this QR code with an authenticator app, such as Google
              Authenticator, Microsoft Authenticator, 1Password or Aegis.
            </p>
            <img
              className="block h-48 w-48 rounded-md border border-slate-200 bg-white p-2"
              src={svgDataUri(enrollment.qrCodeSvg)}
              alt="QR code that adds this account to an authenticator app"
              width={192}
              height={192}
            />
          </li>
          <li className="space-y-1.5 pl-1">
            <label htmlFor={keyId} className="block font-medium">
              Setup key
            </label>
            <p id={keyHintId} className="text-sm text-slate-600">
              Cannot scan the code? Type this key into the app instead and
              choose a time-based code.
            </p>
            <div className="flex flex-wrap gap-3">
              <input
                id={keyId}
                className={inputClasses(
                  false,
                  'min-w-0 flex-1 basis-64 font-mono text-sm sm:text-base'
                )}
                readOnly
                value={groupKey(enrollment.secret)}
                aria-describedby={keyHintId}
                onFocus={(event) => event.target.select()}
              />
              <Button onClick={copyKey}>Copy key</Button>
            </div>
          </li>
          <li className="pl-1">
            <OtpInputForm
              source="app"
              label="Code from the app"
              description="Enter the 6-digit code the app now shows for this account."
              submitLabel="Confirm"
              onSubmit={confirm}
              verifying={confirming || completing}
              error={confirmError}
              focusOnMount={false}
            />
          </li>
        </ol>
      )}

      <div>
        <Button variant="link" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </section>
  )
}

export default TotpEnrollment
