import { useEffect, useRef, useState } from 'react'

import { Form, EmailField } from '@redwoodjs/forms'
import { Link, navigate, routes } from '@redwoodjs/router'
import { Metadata } from '@redwoodjs/web'

import { useAuth } from 'src/auth'
import AuthFormCard, {
  FOOTER_LINK,
} from 'src/components/AuthFormCard/AuthFormCard'
import Alert from 'src/components/ui/Alert'
import Button from 'src/components/ui/Button'
import Field from 'src/components/ui/Field'
import { emailValidation } from 'src/lib/passwordRules'

export const NEUTRAL_RESET_MESSAGE =
  'If an account exists for that email, a reset link is on its way.'

const ForgotPasswordPage = () => {
  const { isAuthenticated, forgotPassword } = useAuth()
  const [submitted, setSubmitted] = useState(false)
  const [submitting, setSubmitting] = useState(false)

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
    setSubmitting(true)
    try {
      await forgotPassword(data.email)
    } catch {
      // Deliberately ignored, like the API's own answer: any difference in
      // what we show would tell a stranger whether the email has an account.
    }
    setSubmitting(false)
    setSubmitted(true)
  }

  return (
    <>
      <Metadata title="Forgot password" />

      <AuthFormCard
        title="Reset your password"
        description={
          submitted
            ? undefined
            : 'Enter the email you signed up with and we will send you a link to choose a new password.'
        }
        footer={
          <Link to={routes.login()} className={FOOTER_LINK}>
            Back to log in
          </Link>
        }
      >
        {submitted ? (
          <Alert tone="success" role="status">
            {NEUTRAL_RESET_MESSAGE}
          </Alert>
        ) : (
          <Form noValidate onSubmit={onSubmit} className="space-y-4">
            <Field name="email" label="Email">
              {(control) => (
                <EmailField
                  name="email"
                  {...control}
                  autoComplete="username"
                  ref={emailRef}
                  validation={emailValidation}
                />
              )}
            </Field>

            <div className="pt-2">
              <Button
                type="submit"
                variant="primary"
                busy={submitting}
                busyLabel="Sending…"
                className="w-full sm:w-auto"
              >
                Send reset link
              </Button>
            </div>
          </Form>
        )}
      </AuthFormCard>
    </>
  )
}

export default ForgotPasswordPage
