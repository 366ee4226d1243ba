import { useEffect, useRef } from 'react'

import { FieldError, Form, Label, TextField, useForm } from '@redwoodjs/forms'

import Button from 'src/components/ui/Button'
import { inputClasses } from 'src/components/ui/Field'
import {
  looksLikeRecoveryCode,
  normaliseRecoveryCodeInput,
} from 'src/lib/recoveryCode'
import { describeTwoFactorError } from 'src/lib/twoFactorErrors'

export const RECOVERY_CODE_FORMAT_MESSAGE =
  'A recovery code has 10 letters and digits, like abcde-12345.'

// Monospaced, so 0/O and 1/l read apart.
const RECOVERY_INPUT = 'max-w-[16rem] font-mono tracking-wider'

interface RecoveryCodeFields {
  recoveryCode: string
}

export interface RecoveryCodeFormProps {
  /** Receives the code without spaces or dash, in lower case. */
  onSubmit: (code: string) => unknown
  verifying?: boolean
  /** An error from verifySecondFactor; its extensions.code picks the message. */
  error?: unknown
  focusOnMount?: boolean
}

const RecoveryCodeForm = ({
  onSubmit,
  verifying = false,
  error,
  focusOnMount = true,
}: RecoveryCodeFormProps) => {
  const formMethods = useForm<RecoveryCodeFields>({
    defaultValues: { recoveryCode: '' },
  })
  const { setFocus } = formMethods

  useEffect(() => {
    if (focusOnMount) {
      setFocus('recoveryCode')
    }
    // Only on mount: later focus moves follow errors.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  // A refused code stays in the field, selected, so typing replaces it.
  const inputRef = useRef<HTMLInputElement>(null)
  useEffect(() => {
    if (error && inputRef.current) {
      inputRef.current.focus()
      inputRef.current.select()
    }
  }, [error])

  const submit = ({ recoveryCode }: RecoveryCodeFields) => {
    if (!verifying) {
      onSubmit(normaliseRecoveryCodeInput(recoveryCode))
    }
  }

  const serverMessage = error
    ? describeTwoFactorError(error, 'RECOVERY_CODE').message
    : null
  const invalid = !!formMethods.formState.errors.recoveryCode || !!serverMessage

  return (
    <Form<RecoveryCodeFields>
      noValidate
      formMethods={formMethods}
      onSubmit={submit}
      className="space-y-1.5"
    >
      <Label name="recoveryCode" className="block font-medium text-slate-900">
        Recovery code
      </Label>
      <p id="recovery-code-hint" className="text-sm text-slate-600">
        One of the codes you saved when you turned on two-factor authentication,
        like abcde-12345. Each code works once.
      </p>
      <TextField
        name="recoveryCode"
        ref={inputRef}
        className={inputClasses(invalid, RECOVERY_INPUT)}
        errorClassName={inputClasses(true, RECOVERY_INPUT)}
        // Not a one-time-code field: browsers would offer texted codes.
        autoComplete="off"
        autoCapitalize="none"
        autoCorrect="off"
        spellCheck={false}
        inputMode="text"
        maxLength={40}
        readOnly={verifying}
        aria-invalid={invalid || undefined}
        aria-describedby="recovery-code-hint recovery-code-message"
        validation={{
          required: { value: true, message: 'Enter a recovery code.' },
          validate: (value: string) =>
            looksLikeRecoveryCode(value) || RECOVERY_CODE_FORMAT_MESSAGE,
        }}
      />
      <div
        id="recovery-code-message"
        role="alert"
        className="min-h-[1.25rem] text-sm font-medium text-red-700"
      >
        <FieldError name="recoveryCode" />
        {!formMethods.formState.errors.recoveryCode && serverMessage}
      </div>

      <div className="pt-2">
        <Button
          type="submit"
          variant="primary"
          busy={verifying}
          busyLabel="Checking…"
        >
          Verify
        </Button>
      </div>
    </Form>
  )
}

export default RecoveryCodeForm
