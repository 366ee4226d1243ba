import { lazy, Suspense, useEffect, useRef, useState } from 'react'

import { useMutation } from '@redwoodjs/web'
import { toast } from '@redwoodjs/web/toast'

import CodeVerificationStep from 'src/components/CodeVerificationStep/CodeVerificationStep'
import SecondFactorPrompt from 'src/components/SecondFactorPrompt/SecondFactorPrompt'
import TwoFactorMethods, {
  MethodAction,
  phoneNumbers,
} from 'src/components/TwoFactorMethods/TwoFactorMethods'
import Alert from 'src/components/ui/Alert'
import Badge from 'src/components/ui/Badge'
import Button from 'src/components/ui/Button'
import { describeTwoFactorError, hasErrorCode } from 'src/lib/twoFactorErrors'
import {
  CANCEL_PHONE_NUMBER_CHANGE_MUTATION,
  CancelPhoneNumberChangeData,
  DISABLE_TWO_FACTOR_MUTATION,
  DisableTwoFactorData,
  ENABLE_TWO_FACTOR_MUTATION,
  EnableTwoFactorData,
  GENERATE_RECOVERY_CODES_MUTATION,
  GenerateRecoveryCodesData,
  isFresh,
  REMOVE_PHONE_NUMBER_MUTATION,
  REMOVE_TOTP_MUTATION,
  RemovePhoneNumberData,
  RemoveTotpData,
  SET_PHONE_NUMBER_MUTATION,
  SetPhoneNumberData,
  SetPhoneNumberVariables,
  TwoFactorStatus,
} from 'src/lib/twoFactorGraphql'

// Most visits to this page neither add an app nor see recovery codes, so
// those parts load when first needed.
const loadTotpEnrollment = () =>
  import('src/components/TotpEnrollment/TotpEnrollment')
const loadRecoveryCodesDisplay = () =>
  import('src/components/RecoveryCodesDisplay/RecoveryCodesDisplay')
const TotpEnrollment = lazy(loadTotpEnrollment)
const RecoveryCodesDisplay = lazy(loadRecoveryCodesDisplay)
// The phone-number metadata that formats and checks a number as it is typed
// is most of this page's weight, and only adding or changing a number needs it.
const PhoneNumberForm = lazy(
  () => import('src/components/PhoneNumberForm/PhoneNumberForm')
)

const loaded = async (load: () => Promise<unknown>) => {
  try {
    await load()
    return true
  } catch {
    toast.error(
      'Part of this page did not load. Check your connection and try again.'
    )
    return false
  }
}

/** Changes that need a second factor verified in the last few minutes. */
type Action =
  | { kind: 'disable' }
  | { kind: 'changePhone'; phoneNumber?: string }
  | { kind: 'removePhone' }
  | { kind: 'addTotp' }
  | { kind: 'removeTotp' }
  | { kind: 'newRecoveryCodes' }

type Confirmable = 'disable' | 'removePhone' | 'removeTotp' | 'newRecoveryCodes'

type Step =
  | { kind: 'overview' }
  | { kind: 'editPhone' }
  | { kind: 'verifyPhone' }
  | { kind: 'readyToEnable' }
  | { kind: 'addTotp' }
  | { kind: 'confirm'; action: Confirmable }
  | { kind: 'recoveryCodes'; codes: string[]; firstTime: boolean }
  | { kind: 'confirmIdentity'; then: Action }

export interface SecuritySettingsProps {
  email: string
  status: TwoFactorStatus
  /** Re-reads the status; freshUntil, methods and numbers change after each step. */
  refresh: () => Promise<unknown>
}

const StatusSummary = ({
  email,
  enabled,
}: {
  email: string
  enabled: boolean
}) => (
  <dl className="mb-6 grid grid-cols-1 gap-x-6 gap-y-1 rounded-lg bg-slate-50 p-4 sm:grid-cols-[auto_1fr]">
    <dt className="font-medium text-slate-600">Account</dt>
    <dd className="break-words">{email}</dd>
    <dt className="mt-2 font-medium text-slate-600 sm:mt-0">
      Two-factor authentication
    </dt>
    <dd>
      <Badge tone={enabled ? 'success' : 'danger'}>
        {enabled ? 'On' : 'Off'}
      </Badge>
    </dd>
  </dl>
)

/** A heading that takes focus when its step appears, so screen readers follow. */
const StepHeading = ({
  id,
  children,
}: {
  id?: string
  children: React.ReactNode
}) => {
  const ref = useRef<HTMLHeadingElement>(null)
  useEffect(() => ref.current?.focus(), [])
  return (
    <h3 id={id} ref={ref} tabIndex={-1} className="text-lg font-semibold">
      {children}
    </h3>
  )
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** Everything turning two-factor off takes away, in the account's own terms. */
export const disableLosses = (status: TwoFactorStatus): string[] => {
  const { inUse, pending } = phoneNumbers(status)
  return [
    inUse && `Codes texted to ${inUse}`,
    pending && `The number ${pending} waiting for its code`,
    status.methods.includes('TOTP') && 'Codes from your authenticator app',
    status.recoveryCodesRemaining > 0 &&
      `Your ${plural(status.recoveryCodesRemaining, 'unused recovery code')}`,
  ].filter((loss): loss is string => !!loss)
}

const confirmation = (
  action: Confirmable,
  status: TwoFactorStatus
): {
  question: string
  warning?: string
  losses?: string[]
  button: string
} => {
  const lastFactor =
    'Two-factor authentication will then be off: no other way to verify remains.'
  switch (action) {
    case 'disable':
      return {
        question: 'Turn off two-factor authentication?',
        losses: disableLosses(status),
        warning:
          'After this, your password alone signs you in: anyone who learns it gets into your account. We will text your number to say two-factor authentication was turned off.',
        button: 'Turn off two-factor authentication',
      }
    case 'removePhone':
      return {
        question: 'Remove your phone number? Codes will no longer be texted.',
        warning: status.methods.includes('TOTP') ? undefined : lastFactor,
        button: 'Remove phone number',
      }
    case 'removeTotp':
      return {
        question:
          'Remove your authenticator app? Its codes will stop working here.',
        warning: status.methods.includes('SMS') ? undefined : lastFactor,
        button: 'Remove authenticator app',
      }
    case 'newRecoveryCodes':
      return {
        question:
          'Generate a new set of recovery codes? Your current codes stop working at once.',
        button: 'Generate new codes',
      }
  }
}

const SecuritySettings = ({
  email,
  status,
  refresh,
}: SecuritySettingsProps) => {
  const [step, setStep] = useState<Step>({ kind: 'overview' })
  const [phoneError, setPhoneError] = useState<unknown>(null)
  const [busy, setBusy] = useState<MethodAction | null>(null)
  const backToOverview = () => setStep({ kind: 'overview' })
  const needsFreshFactor = () => status.enabled && !isFresh(status)

  // Back on the overview after a step, the button that started it may be
  // gone: put focus on the section heading rather than lose it.
  const headingRef = useRef<HTMLHeadingElement>(null)
  const previousStep = useRef(step.kind)
  useEffect(() => {
    if (step.kind === 'overview' && previousStep.current !== 'overview') {
      headingRef.current?.focus()
    }
    previousStep.current = step.kind
  }, [step.kind])

  const [setPhoneNumber, { loading: savingPhone }] = useMutation<
    SetPhoneNumberData,
    SetPhoneNumberVariables
  >(SET_PHONE_NUMBER_MUTATION)
  const [enableTwoFactor, { loading: enabling }] =
    useMutation<EnableTwoFactorData>(ENABLE_TWO_FACTOR_MUTATION)
  const [disableTwoFactor] = useMutation<DisableTwoFactorData>(
    DISABLE_TWO_FACTOR_MUTATION
  )
  const [cancelPhoneChange] = useMutation<CancelPhoneNumberChangeData>(
    CANCEL_PHONE_NUMBER_CHANGE_MUTATION
  )
  const [removePhoneNumber] = useMutation<RemovePhoneNumberData>(
    REMOVE_PHONE_NUMBER_MUTATION
  )
  const [removeTotp] = useMutation<RemoveTotpData>(REMOVE_TOTP_MUTATION)
  const [generateRecoveryCodes] = useMutation<GenerateRecoveryCodesData>(
    GENERATE_RECOVERY_CODES_MUTATION
  )

  /**
   * Runs a change; when the server wants a fresh second factor (our clock
   * and the server's may disagree), asks for one and then runs it again.
   */
  const attempt = async (
    action: Action | null,
    run: () => Promise<unknown>,
    success: string
  ): Promise<boolean> => {
    try {
      await run()
    } catch (error) {
      if (action && hasErrorCode(error, 'FRESH_SECOND_FACTOR_REQUIRED')) {
        setStep({ kind: 'confirmIdentity', then: action })
      } else {
        toast.error(describeTwoFactorError(error).message)
        backToOverview()
      }
      return false
    }
    toast.success(success)
    await refresh()
    backToOverview()
    return true
  }

  const withBusy = async (
    action: MethodAction,
    run: () => Promise<unknown>
  ) => {
    setBusy(action)
    try {
      await run()
    } finally {
      setBusy(null)
    }
  }

  const showNewRecoveryCodes = async (firstTime: boolean) => {
    // Codes are made only once they can be shown: a set generated while the
    // part of the page that shows it fails to load would be lost.
    if (!(await loaded(loadRecoveryCodesDisplay))) {
      await refresh()
      backToOverview()
      return
    }
    try {
      const { data } = await generateRecoveryCodes()
      const codes = data?.generateRecoveryCodes?.codes ?? []
      setStep({ kind: 'recoveryCodes', codes, firstTime })
    } catch (error) {
      if (hasErrorCode(error, 'FRESH_SECOND_FACTOR_REQUIRED')) {
        setStep({
          kind: 'confirmIdentity',
          then: { kind: 'newRecoveryCodes' },
        })
        return
      }
      // Two-factor may be on already: the overview then offers new codes.
      toast.error(describeTwoFactorError(error).message)
      await refresh()
      backToOverview()
    }
  }

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
    await refresh()
    // The code goes out at once: on a protected account the old number stays
    // in use until the new one is proven (a typo must not replace a working
    // number); without two-factor, the right code turns it on.
    setStep({ kind: 'verifyPhone' })
  }

  /** Runs an action, knowing the session is fresh enough (or not needing it). */
  const perform = async (action: Action) => {
    switch (action.kind) {
      case 'disable':
        return withBusy('disable', () =>
          attempt(
            action,
            () => disableTwoFactor(),
            'Two-factor authentication is off.'
          )
        )
      case 'changePhone':
        return action.phoneNumber
          ? savePhone(action.phoneNumber)
          : setStep({ kind: 'editPhone' })
      case 'removePhone':
        return withBusy('removePhone', () =>
          attempt(
            action,
            () => removePhoneNumber(),
            'Your phone number was removed.'
          )
        )
      case 'removeTotp':
        return withBusy('removeTotp', () =>
          attempt(
            action,
            () => removeTotp(),
            'Your authenticator app was removed.'
          )
        )
      case 'addTotp':
        // Without 2FA, confirming the app returns the first recovery codes:
        // the part that shows them must be there by then.
        return (await loaded(loadTotpEnrollment)) &&
          (status.enabled || (await loaded(loadRecoveryCodesDisplay)))
          ? setStep({ kind: 'addTotp' })
          : undefined
      case 'newRecoveryCodes':
        return withBusy('newRecoveryCodes', () => showNewRecoveryCodes(false))
    }
  }

  const request = (action: Action) =>
    needsFreshFactor()
      ? setStep({ kind: 'confirmIdentity', then: action })
      : perform(action)

  const onMethodAction = (action: MethodAction) => {
    switch (action) {
      case 'verifyPhone':
        return setStep({ kind: 'verifyPhone' })
      case 'cancelPhoneChange':
        return withBusy('cancelPhoneChange', () =>
          attempt(
            null,
            () => cancelPhoneChange(),
            'The new number was discarded.'
          )
        )
      case 'changePhone':
      case 'addTotp':
        return request({ kind: action })
      case 'disable':
      case 'removePhone':
      case 'removeTotp':
        return setStep({ kind: 'confirm', action })
      case 'newRecoveryCodes':
        // With none left there is nothing to lose by replacing them.
        return status.recoveryCodesRemaining > 0
          ? setStep({ kind: 'confirm', action })
          : request({ kind: action })
    }
  }

  const enable = async () => {
    // The first recovery codes come with the answer and exist nowhere else:
    // the part of the page that shows them is loaded first.
    if (!(await loaded(loadRecoveryCodesDisplay))) {
      return
    }
    let recoveryCodes: string[] | null | undefined
    try {
      const { data } = await enableTwoFactor()
      recoveryCodes = data?.enableTwoFactorAuth?.recoveryCodes
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
    await showFirstRecoveryCodes(recoveryCodes)
  }

  /** Shows the set that came with turning two-factor on (or makes one). */
  const showFirstRecoveryCodes = async (codes: string[] | null | undefined) =>
    codes?.length
      ? setStep({ kind: 'recoveryCodes', codes, firstTime: true })
      : showNewRecoveryCodes(true)

  const onPhoneVerified = async () => {
    if (status.enabled) {
      await refresh()
      toast.success('Your new number is confirmed.')
      backToOverview()
      return
    }
    // One flow: the right code turns two-factor on, and the recovery codes
    // follow. Should that fail, the step offers to try again.
    setStep({ kind: 'readyToEnable' })
    await enable()
  }

  const onAppConfirmed = async (recoveryCodes: string[] | null) => {
    // `status` is from before the app was added.
    if (status.enabled) {
      toast.success('Authenticator app added.')
      await refresh()
      backToOverview()
    } else {
      toast.success('Authenticator app added. Two-factor authentication is on.')
      await showFirstRecoveryCodes(recoveryCodes)
    }
  }

  // Not before: a failed re-read would put the cell's error in place of
  // codes that cannot be shown again.
  const onRecoveryCodesKept = async () => {
    backToOverview()
    await refresh()
  }

  const runPendingAction = async (action: Action) => {
    await refresh()
    await perform(action)
  }

  const { inUse, pending } = phoneNumbers(status)
  const phoneForm = (
    <Suspense fallback={<p role="status">Loading…</p>}>
      <PhoneNumberForm
        onSubmit={savePhone}
        onCancel={inUse || pending ? backToOverview : undefined}
        saving={savingPhone}
        error={phoneError}
        submitLabel="Send code"
        hint={
          status.enabled
            ? 'We will text a 6-digit code to the new number now. Until you enter it, codes keep going to your current number.'
            : 'We will text a 6-digit code to this number now. Entering it turns on two-factor authentication.'
        }
      />
    </Suspense>
  )

  return (
    <section
      aria-labelledby="two-factor-heading"
      className="space-y-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-8"
    >
      <h2
        id="two-factor-heading"
        ref={headingRef}
        tabIndex={-1}
        className="text-xl font-semibold"
      >
        Two-factor authentication
      </h2>
      <StatusSummary
        email={email}
        // Codes are only ever made for an account with two-factor on; the
        // status is re-read once they are kept.
        enabled={status.enabled || step.kind === 'recoveryCodes'}
      />

      {step.kind === 'overview' && (
        <TwoFactorMethods
          status={status}
          onAction={onMethodAction}
          busy={busy}
          addPhone={
            <>
              <h4 className="font-semibold">Add a phone number</h4>
              {phoneForm}
            </>
          }
        />
      )}

      {step.kind === 'editPhone' && (
        <>
          <StepHeading>
            {inUse || pending ? 'Change phone number' : 'Add a phone number'}
          </StepHeading>
          {phoneForm}
        </>
      )}

      {step.kind === 'verifyPhone' && (
        <CodeVerificationStep
          heading="Check the code we texted you"
          phoneNumberHint={pending ?? inUse}
          onVerified={onPhoneVerified}
          onCancel={backToOverview}
          onUseAuthenticatorApp={() => request({ kind: 'addTotp' })}
        />
      )}

      {step.kind === 'readyToEnable' && (
        <div className="space-y-3">
          <Alert tone="success" role="status">
            {enabling
              ? 'Your number is confirmed. Turning on two-factor authentication…'
              : 'Your number is confirmed.'}
          </Alert>
          <TurnOnButton onClick={enable} busy={enabling} />
        </div>
      )}

      <Suspense fallback={<p role="status">Loading…</p>}>
        {step.kind === 'addTotp' && (
          <TotpEnrollment
            onConfirmed={onAppConfirmed}
            onCancel={backToOverview}
            onFreshFactorRequired={() =>
              setStep({ kind: 'confirmIdentity', then: { kind: 'addTotp' } })
            }
          />
        )}

        {step.kind === 'confirm' && (
          <ConfirmStep
            {...confirmation(step.action, status)}
            onConfirm={() => request({ kind: step.action })}
            onCancel={backToOverview}
            busy={busy !== null}
          />
        )}

        {step.kind === 'recoveryCodes' && (
          <RecoveryCodesDisplay
            codes={step.codes}
            accountName={email}
            firstTime={step.firstTime}
            onDone={onRecoveryCodesKept}
          />
        )}
      </Suspense>

      {step.kind === 'confirmIdentity' && (
        <section
          aria-labelledby="confirm-identity-heading"
          className="space-y-3"
        >
          <StepHeading id="confirm-identity-heading">
            Confirm it is you
          </StepHeading>
          <p className="text-sm text-slate-600">
            Changes to how you sign in need a second factor from the last few
            minutes.
          </p>
          <SecondFactorPrompt
            methods={status.methods}
            preferredMethod={status.preferredMethod}
            // A signed-in session's texts go to a number waiting for its code.
            phoneNumberHint={pending ?? inUse}
            onVerified={() => runPendingAction(step.then)}
            focusOnMount={false}
          />
          <div>
            <Button variant="link" onClick={backToOverview}>
              Cancel
            </Button>
          </div>
        </section>
      )}
    </section>
  )
}

/** The one thing left to do once the number is proven, so it takes focus. */
const TurnOnButton = ({
  onClick,
  busy,
}: {
  onClick: () => unknown
  busy: boolean
}) => {
  const ref = useRef<HTMLButtonElement>(null)
  useEffect(() => ref.current?.focus(), [])
  return (
    <Button
      ref={ref}
      variant="primary"
      onClick={onClick}
      busy={busy}
      busyLabel="Turning on…"
    >
      Turn on two-factor
    </Button>
  )
}

const ConfirmStep = ({
  question,
  warning,
  losses,
  button,
  onConfirm,
  onCancel,
  busy,
}: {
  question: string
  warning?: string
  losses?: string[]
  button: string
  onConfirm: () => unknown
  onCancel: () => void
  busy: boolean
}) => {
  const confirmRef = useRef<HTMLButtonElement>(null)
  useEffect(() => confirmRef.current?.focus(), [])
  return (
    <section aria-labelledby="confirm-step-question" className="space-y-3">
      <p id="confirm-step-question">
        <strong>{question}</strong>
      </p>
      {losses && losses.length > 0 && (
        <>
          <p id="confirm-step-losses">Your account loses:</p>
          <ul aria-labelledby="confirm-step-losses" className="list-disc pl-6">
            {losses.map((loss) => (
              <li key={loss}>{loss}</li>
            ))}
          </ul>
        </>
      )}
      {warning && (
        <Alert tone="warning" role="none">
          {warning}
        </Alert>
      )}
      <div className="flex flex-wrap gap-3">
        <Button
          ref={confirmRef}
          variant="danger"
          onClick={onConfirm}
          busy={busy}
          aria-describedby="confirm-step-question"
        >
          {button}
        </Button>
        <Button variant="link" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </section>
  )
}

export default SecuritySettings
