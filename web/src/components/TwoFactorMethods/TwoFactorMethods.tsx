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
    { busyLabel, className = 'rw-button', describedBy } = {} as {
      busyLabel?: string
      className?: string
      describedBy?: string
    }
  ) => (
    <button
      type="button"
      className={className}
      onClick={() => onAction(action)}
      disabled={busy !== null}
      aria-busy={busy === action || undefined}
      aria-describedby={describedBy}
    >
      {busy === action && busyLabel ? busyLabel : label}
    </button>
  )

  return (
    <>
      <section aria-labelledby="sms-method-heading" className="app-method">
        <h3 id="sms-method-heading">Text message</h3>
        {inUse && (
          <p>
            Codes are texted to <strong>{inUse}</strong>.
          </p>
        )}
        {pending && (
          <p id="pending-phone-number">
            {inUse ? 'New number ' : 'Number '}
            <strong>{pending}</strong> is waiting for its code
            {inUse
              ? ': until it is confirmed, codes go to the number above.'
              : '.'}
          </p>
        )}
        {!inUse && !pending && addPhone}
        {(inUse || pending) && (
          <div className="app-actions">
            {pending &&
              button('verifyPhone', 'Send code', {
                className: 'rw-button rw-button-blue',
              })}
            {pending &&
              button('cancelPhoneChange', 'Cancel', {
                busyLabel: 'Cancelling…',
                describedBy: 'pending-phone-number',
              })}
            {button('changePhone', 'Change number')}
            {inUse && button('removePhone', 'Remove phone number')}
          </div>
        )}
      </section>

      <section aria-labelledby="app-method-heading" className="app-method">
        <h3 id="app-method-heading">Authenticator app</h3>
        <p>
          {hasApp
            ? 'In use: codes come from the app on your phone.'
            : 'Not set up. An app such as Google Authenticator or 1Password gives you codes without a phone signal.'}
        </p>
        <div className="app-actions">
          {hasApp
            ? button('removeTotp', 'Remove authenticator app')
            : button('addTotp', 'Add authenticator app')}
        </div>
      </section>

      {status.enabled && (
        <section
          aria-labelledby="recovery-method-heading"
          className="app-method"
        >
          <h3 id="recovery-method-heading">Recovery codes</h3>
          {status.recoveryCodesRemaining > 0 ? (
            <p>
              {plural(status.recoveryCodesRemaining, 'unused recovery code')}.
              Each signs you in once when you cannot use your phone or app.
            </p>
          ) : (
            <p className="app-error">
              No recovery codes left. Generate new ones so you can still sign in
              without your phone or app.
            </p>
          )}
          <div className="app-actions">
            {button('newRecoveryCodes', 'Generate new codes', {
              busyLabel: 'Generating…',
            })}
          </div>
        </section>
      )}

      {status.enabled && (
        <div className="app-actions">
          {button('disable', 'Turn off two-factor', {
            busyLabel: 'Turning off…',
            className: 'rw-button rw-button-red',
          })}
        </div>
      )}
    </>
  )
}

export default TwoFactorMethods
