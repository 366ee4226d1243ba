import { useState } from 'react'

import { useMutation } from '@redwoodjs/web'
import { toast } from '@redwoodjs/web/toast'

import CodeVerificationStep from 'src/components/CodeVerificationStep/CodeVerificationStep'
import PhoneNumberForm from 'src/components/PhoneNumberForm/PhoneNumberForm'
import { describeTwoFactorError, hasErrorCode } from 'src/lib/twoFactorErrors'
import {
  DISABLE_TWO_FACTOR_MUTATION,
  DisableTwoFactorData,
  ENABLE_TWO_FACTOR_MUTATION,
  EnableTwoFactorData,
  isFresh,
  SET_PHONE_NUMBER_MUTATION,
  SetPhoneNumberData,
  SetPhoneNumberVariables,
  TwoFactorStatus,
} from 'src/lib/twoFactorGraphql'

/** What to do once the person has proved, with a fresh code, that it is them. */
type PendingAction =
  | { kind: 'disable' }
  | { kind: 'changePhone'; phoneNumber?: string }

type Step =
  | { kind: 'overview' }
  | { kind: 'editPhone' }
  | { kind: 'verifyPhone' }
  | { kind: 'readyToEnable' }
  | { kind: 'confirmIdentity'; then: PendingAction }

export interface SecuritySettingsProps {
  email: string
  status: TwoFactorStatus
  /** Re-reads the status; freshUntil and the number hint change after each step. */
  refresh: () => Promise<unknown>
}

const StatusSummary = ({
  email,
  status,
}: Omit<SecuritySettingsProps, 'refresh'>) => (
  <dl>
    <dt>Account</dt>
    <dd>{email}</dd>
    <dt>Two-factor authentication</dt>
    <dd>
      <strong>{status.enabled ? 'On' : 'Off'}</strong>
    </dd>
    <dt>Phone number</dt>
    <dd>{status.phoneNumberHint ?? 'None yet'}</dd>
  </dl>
)

const SecuritySettings = ({
  email,
  status,
  refresh,
}: SecuritySettingsProps) => {
  const [step, setStep] = useState<Step>({ kind: 'overview' })
  const [phoneError, setPhoneError] = useState<unknown>(null)
  const backToOverview = () => setStep({ kind: 'overview' })
  const needsFreshCode = () => status.enabled && !isFresh(status)

  const [setPhoneNumber, { loading: savingPhone }] = useMutation<
    SetPhoneNumberData,
    SetPhoneNumberVariables
  >(SET_PHONE_NUMBER_MUTATION)
  const [enableTwoFactor, { loading: enabling }] =
    useMutation<EnableTwoFactorData>(ENABLE_TWO_FACTOR_MUTATION)
  const [disableTwoFactor, { loading: disabling }] =
    useMutation<DisableTwoFactorData>(DISABLE_TWO_FACTOR_MUTATION)

  const savePhone = async (phoneNumber: string) => {
    setPhoneError(null)
    try {
      await setPhoneNumber({ variables: { phoneNumber } })
    } catch (error) {
      if (hasErrorCode(error, 'FRESH_SECOND_FACTOR_REQUIRED')) {
        setStep({
          kind: 'confirmIdentity',
          then: { kind: 'changePhone', phoneNumber },
        })
      } else {
        setStep({ kind: 'editPhone' })
        setPhoneError(error)
      }
      return
    }
    toast.success('Phone number saved.')
    await refresh()
    // On a protected account the new number must be proven at once: a typo
    // here would otherwise lock the owner out at their next sign-in.
    setStep(status.enabled ? { kind: 'verifyPhone' } : { kind: 'overview' })
  }

  const disable = async () => {
    try {
      await disableTwoFactor()
    } catch (error) {
      if (hasErrorCode(error, 'FRESH_SECOND_FACTOR_REQUIRED')) {
        setStep({ kind: 'confirmIdentity', then: { kind: 'disable' } })
      } else {
        toast.error(describeTwoFactorError(error).message)
      }
      return
    }
    toast.success('Two-factor authentication is off.')
    await refresh()
    backToOverview()
  }

  const enable = async () => {
    try {
      await enableTwoFactor()
    } catch (error) {
      toast.error(describeTwoFactorError(error).message)
      if (hasErrorCode(error, 'FRESH_SECOND_FACTOR_REQUIRED')) {
        setStep({ kind: 'verifyPhone' })
      } else if (hasErrorCode(error, 'PHONE_NUMBER_REQUIRED')) {
        setStep({ kind: 'editPhone' })
      }
      return
    }
    toast.success('Two-factor authentication is on.')
    await refresh()
    backToOverview()
  }

  const runPendingAction = async (action: PendingAction) => {
    await refresh()
    if (action.kind === 'disable') {
      await disable()
    } else if (action.phoneNumber) {
      await savePhone(action.phoneNumber)
    } else {
      setStep({ kind: 'editPhone' })
    }
  }

  const requestChangePhone = () =>
    setStep(
      needsFreshCode()
        ? { kind: 'confirmIdentity', then: { kind: 'changePhone' } }
        : { kind: 'editPhone' }
    )

  const requestDisable = () =>
    needsFreshCode()
      ? setStep({ kind: 'confirmIdentity', then: { kind: 'disable' } })
      : disable()

  const onPhoneVerified = async () => {
    await refresh()
    if (status.enabled) {
      toast.success('Your new number is confirmed.')
      backToOverview()
    } else {
      setStep({ kind: 'readyToEnable' })
    }
  }

  const showPhoneForm =
    step.kind === 'editPhone' ||
    (step.kind === 'overview' && !status.phoneNumberHint)

  return (
    <section className="app-card" aria-labelledby="two-factor-heading">
      <h2 id="two-factor-heading">Two-factor authentication</h2>
      <StatusSummary email={email} status={status} />

      {showPhoneForm && (
        <>
          <h3>
            {status.phoneNumberHint
              ? 'Change phone number'
              : 'Add a phone number'}
          </h3>
          <PhoneNumberForm
            onSubmit={savePhone}
            onCancel={status.phoneNumberHint ? backToOverview : undefined}
            saving={savingPhone}
            error={phoneError}
          />
        </>
      )}

      {step.kind === 'overview' && status.phoneNumberHint && (
        <div className="app-actions">
          {!status.enabled && (
            <button
              type="button"
              className="rw-button rw-button-blue"
              onClick={() => setStep({ kind: 'verifyPhone' })}
            >
              Send code
            </button>
          )}
          <button
            type="button"
            className="rw-button"
            onClick={requestChangePhone}
          >
            Change number
          </button>
          {status.enabled && (
            <button
              type="button"
              className="rw-button rw-button-red"
              onClick={requestDisable}
              disabled={disabling}
            >
              {disabling ? 'Turning off…' : 'Turn off two-factor'}
            </button>
          )}
        </div>
      )}

      {step.kind === 'verifyPhone' && (
        <CodeVerificationStep
          heading="Check the code we texted you"
          phoneNumberHint={status.phoneNumberHint}
          onVerified={onPhoneVerified}
          onCancel={backToOverview}
        />
      )}

      {step.kind === 'confirmIdentity' && (
        <CodeVerificationStep
          heading="Confirm it is you"
          phoneNumberHint={status.phoneNumberHint}
          onVerified={() => runPendingAction(step.then)}
          onCancel={backToOverview}
        />
      )}

      {step.kind === 'readyToEnable' && (
        <div className="app-actions">
          <p role="status" className="app-status">
            Your number is confirmed.
          </p>
          <button
            type="button"
            className="rw-button rw-button-blue"
            onClick={enable}
            disabled={enabling}
          >
            {enabling ? 'Turning on…' : 'Turn on two-factor'}
          </button>
        </div>
      )}
    </section>
  )
}

export default SecuritySettings
