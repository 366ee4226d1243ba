import { useEffect, useRef, useState } from 'react'

import {
  Form,
  Label,
  PasswordField,
  Submit,
  FieldError,
} from '@redwoodjs/forms'
import { Link, navigate, routes } from '@redwoodjs/router'
import { Metadata } from '@redwoodjs/web'
import { toast } from '@redwoodjs/web/toast'

import { useAuth } from 'src/auth'
import AuthFormCard from 'src/components/AuthFormCard/AuthFormCard'
import { PASSWORD_RULE_HINT, passwordValidation } from 'src/lib/passwordRules'

export const PASSWORD_CHANGED_MESSAGE =
  'Password changed. Sign in with your new password.'

const ResetPasswordPage = ({ resetToken }: { resetToken: string }) => {
  const { isAuthenticated, validateResetToken, resetPassword } = useAuth()
  const [tokenValid, setTokenValid] = useState(true)

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
        toast.error(response.error)
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
    const response = await resetPassword({
      resetToken,
      password: data.password,
    })

    if (response?.error) {
      toast.error(response.error)
      return
    }
    // The API does not sign people in after a reset: a reset link alone must
    // never get past the second factor, so send them through login.
    toast.success(PASSWORD_CHANGED_MESSAGE)
    navigate(routes.login())
  }

  return (
    <>
      <Metadata title="Choose a new password" />

      <AuthFormCard
        title="Choose a new password"
        footer={
          !tokenValid && (
            <Link to={routes.forgotPassword()} className="rw-link">
              Request a new reset link
            </Link>
          )
        }
      >
        <Form onSubmit={onSubmit} className="rw-form-wrapper">
          <Label
            name="password"
            className="rw-label"
            errorClassName="rw-label rw-label-error"
          >
            New password
          </Label>
          <PasswordField
            name="password"
            autoComplete="new-password"
            className="rw-input"
            errorClassName="rw-input rw-input-error"
            aria-describedby="password-rules"
            disabled={!tokenValid}
            ref={passwordRef}
            validation={passwordValidation}
          />
          <p id="password-rules" className="app-hint">
            {PASSWORD_RULE_HINT}
          </p>
          <FieldError name="password" className="rw-field-error" />

          <div className="rw-button-group">
            <Submit className="rw-button rw-button-blue" disabled={!tokenValid}>
              Change password
            </Submit>
          </div>
        </Form>
      </AuthFormCard>
    </>
  )
}

export default ResetPasswordPage
