import { useCallback, useEffect, useId, useRef, useState } from 'react'

import { useMutation } from '@redwoodjs/web'
import { toast } from '@redwoodjs/web/toast'

import OtpInputForm from 'src/components/OtpInputForm/OtpInputForm'
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
    <section aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} ref={headingRef} tabIndex={-1}>
        Add an authenticator app
      </h3>

      {starting && <p role="status">Preparing your QR code…</p>}

      {startError && (
        <>
          <p role="alert" className="app-error">
            {describeTwoFactorError(startError).message}
          </p>
          <button type="button" className="rw-button" onClick={begin}>
            Try again
          </button>
        </>
      )}

      {expired && (
        <>
          <p role="alert" className="app-error">
            {describeTwoFactorError(confirmError).message}
          </p>
          <button
            ref={restartRef}
            type="button"
            className="rw-button rw-button-blue"
            onClick={begin}
          >
            Start again
          </button>
        </>
      )}

      {enrollment && !expired && (
        <ol className="app-steps">
          <li>
            <p>
              Scan this QR code with an authenticator app, such as Google
              Authenticator, Microsoft Authenticator, 1Password or Aegis.
            </p>
            <img
              className="app-qr-code"
              src={svgDataUri(enrollment.qrCodeSvg)}
              alt="QR code that adds this account to an authenticator app"
              width={192}
              height={192}
            />
          </li>
          <li>
            <label htmlFor={keyId} className="rw-label">
              Setup key
            </label>
            <p id={keyHintId} className="app-hint">
              Cannot scan the code? Type this key into the app instead and
              choose a time-based code.
            </p>
            <div className="app-actions">
              <input
                id={keyId}
                className="rw-input app-setup-key"
                readOnly
                value={groupKey(enrollment.secret)}
                aria-describedby={keyHintId}
                onFocus={(event) => event.target.select()}
              />
              <button type="button" className="rw-button" onClick={copyKey}>
                Copy key
              </button>
            </div>
          </li>
          <li>
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

      <div className="app-actions">
        <button type="button" className="rw-button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  )
}

export default TotpEnrollment
