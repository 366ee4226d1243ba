import Badge from 'src/components/ui/Badge'
import Button from 'src/components/ui/Button'
import type { ButtonVariant } from 'src/components/ui/Button'
import { maskedPhoneNumber } from 'src/lib/maskedPhoneNumber'
import type { TwoFactorStatus } from 'src/lib/twoFactorGraphql'

export type MethodAction =
  | 'verifyPhone'
  | 'changePhone'
  | 'cancelPhoneChange'
  | 'removePhone'
  | 'addTotp'
  | 'removeTotp'
  | 'newRecoveryCodes'
  | 'disable'

export interface TwoFactorMethodsProps {
  status: TwoFactorStatus
  onAction: (action: MethodAction) => unknown
  /** The action whose request is in flight; its button says so. */
  busy?: MethodAction | null
  /** Shown in place of the number when there is none yet. */
  addPhone?: React.ReactNode
}

/** What a phone number looks like now: in use, waiting for its code, or both. */
export const phoneNumbers = (status: TwoFactorStatus) => {
  const inUse = status.methods.includes('SMS') ? status.phoneNumberHint : null
  const pending =
    status.pendingPhoneNumberHint ?? (inUse ? null : status.phoneNumberHint)
  return { inUse, pending }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** Which ways of verifying the account has, and what can be done with each. */
const TwoFactorMethods = ({
  status,
  onAction,
  busy = null,
  addPhone,
}: TwoFactorMethodsProps) => {
  const { inUse, pending } = phoneNumbers(status)
  const hasApp = status.methods.includes('TOTP')
  const button = (
    action: MethodAction,
    label: string,
    { busyLabel, variant = 'secondary', describedBy } = {} as {
      busyLabel?: string
      variant?: ButtonVariant
      describedBy?: string
    }
  ) => (
    <Button
      variant={variant}
      onClick={() => onAction(action)}
      // One change at a time: the others wait, and look it.
      disabled={busy !== null && busy !== action}
      busy={busy === action}
      busyLabel={busyLabel}
      aria-describedby={describedBy}
    >
      {label}
    </Button>
  )
  const recoveryLeft = status.recoveryCodesRemaining

  return (
    <div className="divide-y divide-slate-200">
      <MethodSection
        id="sms-method-heading"
        title="Text message"
        badge={
          inUse ? (
            <Badge tone="success">On</Badge>
          ) : pending ? (
            <Badge tone="warning">Waiting for its code</Badge>
          ) : (
            <Badge>Not set up</Badge>
          )
        }
      >
        {inUse && (
          <p>
            Codes are texted to{' '}
            <strong className="whitespace-nowrap">
              {maskedPhoneNumber(inUse)}
            </strong>
            .
          </p>
        )}
        {pending && (
          <p id="pending-phone-number">
            {inUse ? 'New number ' : 'Number '}
            <strong className="whitespace-nowrap">
              {maskedPhoneNumber(pending)}
            </strong>{' '}
            is waiting for its code
            {inUse
              ? ': until it is confirmed, codes go to the number above.'
              : '.'}
          </p>
        )}
        {!inUse && !pending && addPhone}
        {(inUse || pending) && (
          <div className="flex flex-wrap gap-3">
            {pending &&
              button('verifyPhone', 'Send code', { variant: 'primary' })}
            {pending &&
              button('cancelPhoneChange', 'Cancel', {
                busyLabel: 'Cancelling…',
                describedBy: 'pending-phone-number',
              })}
            {button('changePhone', 'Change number')}
            {inUse &&
              button('removePhone', 'Remove phone number', {
                variant: 'dangerSecondary',
              })}
          </div>
        )}
      </MethodSection>

      <MethodSection
        id="app-method-heading"
        title="Authenticator app"
        badge={
          hasApp ? <Badge tone="success">On</Badge> : <Badge>Not set up</Badge>
        }
      >
        <p>
          {hasApp
            ? 'In use: codes come from the app on your phone.'
            : 'Not set up. An app such as Google Authenticator or 1Password gives you codes without a phone signal.'}
        </p>
        <div className="flex flex-wrap gap-3">
          {hasApp
            ? button('removeTotp', 'Remove authenticator app', {
                variant: 'dangerSecondary',
              })
            : button('addTotp', 'Add authenticator app')}
        </div>
      </MethodSection>

      {status.enabled && (
        <MethodSection
          id="recovery-method-heading"
          title="Recovery codes"
          badge={
            <Badge
              tone={
                recoveryLeft === 0
                  ? 'danger'
                  : recoveryLeft <= 3
                    ? 'warning'
                    : 'success'
              }
            >
              {recoveryLeft} left
            </Badge>
          }
        >
          {recoveryLeft > 0 ? (
            <p>
              {plural(recoveryLeft, 'unused recovery code')}. Each signs you in
              once when you cannot use your phone or app.
            </p>
          ) : (
            <p className="font-medium text-red-700">
              No recovery codes left. Generate new ones so you can still sign in
              without your phone or app.
            </p>
          )}
          <div className="flex flex-wrap gap-3">
            {button('newRecoveryCodes', 'Generate new codes', {
              busyLabel: 'Generating…',
            })}
          </div>
        </MethodSection>
      )}

      {status.enabled && (
        <div className="pt-5">
          {button('disable', 'Turn off two-factor', {
            busyLabel: 'Turning off…',
            variant: 'dangerSecondary',
          })}
        </div>
      )}
    </div>
  )
}

/** One way of verifying: its name and a status badge, then what it does. */
const MethodSection = ({
  id,
  title,
  badge,
  children,
}: {
  id: string
  title: string
  badge: React.ReactNode
  children: React.ReactNode
}) => (
  <section aria-labelledby={id} className="space-y-3 py-5 first:pt-0">
    <div className="flex flex-wrap items-center justify-between gap-2">
      <h3 id={id} className="text-lg font-semibold">
        {title}
      </h3>
      {badge}
    </div>
    {children}
  </section>
)

export default TwoFactorMethods
