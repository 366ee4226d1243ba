import { useEffect, useRef, useState } from 'react'

import { Form, PasswordField } from '@redwoodjs/forms'
import { Link, navigate, routes } from '@redwoodjs/router'
import { Metadata } from '@redwoodjs/web'

import { useAuth } from 'src/auth'
import AuthFormCard, {
  FOOTER_LINK,
} from 'src/components/AuthFormCard/AuthFormCard'
import Alert from 'src/components/ui/Alert'
import Button from 'src/components/ui/Button'
import Field from 'src/components/ui/Field'
import { PASSWORD_RULE_HINT, passwordValidation } from 'src/lib/passwordRules'
import { toastOnNextPage } from 'src/lib/toasts'

export const PASSWORD_CHANGED_MESSAGE =
  'Password changed. Sign in with your new password.'

const ResetPasswordPage = ({ resetToken }: { resetToken: string }) => {
  const { isAuthenticated, validateResetToken, resetPassword } = useAuth()
  const [tokenValid, setTokenValid] = useState(true)
  const [refusal, setRefusal] = useState<string | null>(null)
  const [submitting, setSubmitting] = useState(false)

  useEffect(() => {
    if (isAuthenticated) {
      navigate(routes.dashboard())
    }
  }, [isAuthenticated])

  useEffect(() => {
    const validateToken = async () => {
      const response = await validateResetToken(resetToken)
      if (response?.error) {
        setTokenValid(false)
        setRefusal(response.error)
      } else {
        setTokenValid(true)
      }
    }
    validateToken()
  }, [resetToken, validateResetToken])

  const passwordRef = useRef<HTMLInputElement>(null)
  useEffect(() => {
    passwordRef.current?.focus()
  }, [])

  const onSubmit = async (data: { password: string }) => {
    setRefusal(null)
    setSubmitting(true)
    try {
      const response = await resetPassword({
        resetToken,
        password: data.password,
      })
      if (response?.error) {
        setRefusal(response.error)
        return
      }
    } finally {
      setSubmitting(false)
    }
    // The API does not sign people in after a reset: a reset link alone must
    // never get past the second factor, so send them through login.
    toastOnNextPage('success', PASSWORD_CHANGED_MESSAGE)
    navigate(routes.login())
  }

  return (
    <>
      <Metadata title="Choose a new password" />

      <AuthFormCard
        title="Choose a new password"
        footer={
          !tokenValid && (
            <Link to={routes.forgotPassword()} className={FOOTER_LINK}>
              Request a new reset link
            </Link>
          )
        }
      >
        <Form noValidate onSubmit={onSubmit} className="space-y-4">
          <Alert tone="error">{refusal}</Alert>

          <Field name="password" label="New password" hint={PASSWORD_RULE_HINT}>
            {(control) => (
              <PasswordField
                name="password"
                {...control}
                autoComplete="new-password"
                disabled={!tokenValid}
                ref={passwordRef}
                validation={passwordValidation}
              />
            )}
          </Field>

          <div className="pt-2">
            <Button
              type="submit"
              variant="primary"
              disabled={!tokenValid}
              busy={submitting}
              busyLabel="Changing…"
              className="w-full sm:w-auto"
            >
              Change password
            </Button>
          </div>
        </Form>
      </AuthFormCard>
    </>
  )
}

export default ResetPasswordPage
