import { useEffect, useRef, useState } from 'react'

import { Form, Label, EmailField, Submit, FieldError } from '@redwoodjs/forms'
import { Link, navigate, routes } from '@redwoodjs/router'
import { Metadata } from '@redwoodjs/web'

import { useAuth } from 'src/auth'
import AuthFormCard from 'src/components/AuthFormCard/AuthFormCard'
import { emailValidation } from 'src/lib/passwordRules'

export const NEUTRAL_RESET_MESSAGE =
  'If an account exists for that email, a reset link is on its way.'

const ForgotPasswordPage = () => {
  const { isAuthenticated, forgotPassword } = useAuth()
  const [submitted, setSubmitted] = useState(false)

  useEffect(() => {
    if (isAuthenticated) {
      navigate(routes.dashboard())
    }
  }, [isAuthenticated])

  const emailRef = useRef<HTMLInputElement>(null)
  useEffect(() => {
    emailRef.current?.focus()
  }, [])

  const onSubmit = async (data: { email: string }) => {
    try {
      await forgotPassword(data.email)
    } catch {
      // Deliberately ignored, like the API's own answer: any difference in
      // what we show would tell a stranger whether the email has an account.
    }
    setSubmitted(true)
  }

  return (
    <>
      <Metadata title="Forgot password" />

      <AuthFormCard
        title="Reset your password"
        footer={
          <Link to={routes.login()} className="rw-link">
            Back to log in
          </Link>
        }
      >
        {submitted ? (
          <p role="status" className="app-status">
            {NEUTRAL_RESET_MESSAGE}
          </p>
        ) : (
          <Form onSubmit={onSubmit} className="rw-form-wrapper">
            <Label
              name="email"
              className="rw-label"
              errorClassName="rw-label rw-label-error"
            >
              Email
            </Label>
            <EmailField
              name="email"
              className="rw-input"
              errorClassName="rw-input rw-input-error"
              autoComplete="username"
              ref={emailRef}
              validation={emailValidation}
            />
            <FieldError name="email" className="rw-field-error" />

            <div className="rw-button-group">
              <Submit className="rw-button rw-button-blue">
                Send reset link
              </Submit>
            </div>
          </Form>
        )}
      </AuthFormCard>
    </>
  )
}

export default ForgotPasswordPage
