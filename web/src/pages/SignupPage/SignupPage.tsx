import { useEffect, useRef, useState } from 'react'

import { Form, EmailField, PasswordField } from '@redwoodjs/forms'
import { Link, navigate, routes } from '@redwoodjs/router'
import { Metadata } from '@redwoodjs/web'

import { useAuth } from 'src/auth'
import AuthFormCard, {
  FOOTER_LINK,
} from 'src/components/AuthFormCard/AuthFormCard'
import Alert from 'src/components/ui/Alert'
import Button from 'src/components/ui/Button'
import Field from 'src/components/ui/Field'
import {
  emailValidation,
  PASSWORD_RULE_HINT,
  passwordValidation,
} from 'src/lib/passwordRules'
import { toastOnNextPage } from 'src/lib/toasts'

interface SignupForm {
  email: string
  password: string
}

/** dbAuth's words for an email that already has an account. */
const isEmailTaken = (message: string) => /already in use/i.test(message)

const SignupPage = () => {
  const { isAuthenticated, signUp } = useAuth()
  const [submitting, setSubmitting] = useState(false)
  const [refusal, setRefusal] = useState<string | null>(null)

  useEffect(() => {
    if (isAuthenticated) {
      navigate(routes.dashboard())
    }
  }, [isAuthenticated])

  const emailRef = useRef<HTMLInputElement>(null)
  useEffect(() => {
    emailRef.current?.focus()
  }, [])

  const onSubmit = async (data: SignupForm) => {
    setRefusal(null)
    setSubmitting(true)
    try {
      const response = await signUp({
        username: data.email,
        password: data.password,
      })
      const message = response?.error ?? response?.message
      if (message) {
        setRefusal(message)
        if (isEmailTaken(message)) {
          emailRef.current?.focus()
        }
      } else {
        toastOnNextPage(
          'success',
          'Welcome! Turn on two-factor authentication under Security.'
        )
      }
    } catch {
      setRefusal(
        'Could not reach the server. Check your connection and try again.'
      )
    } finally {
      setSubmitting(false)
    }
  }

  const emailError = refusal && isEmailTaken(refusal) ? refusal : null

  return (
    <>
      <Metadata title="Sign up" />

      <AuthFormCard
        title="Create your account"
        footer={
          <>
            <span>Already have an account?</span>{' '}
            <Link to={routes.login()} className={FOOTER_LINK}>
              Log in
            </Link>
          </>
        }
      >
        <Form<SignupForm> noValidate onSubmit={onSubmit} className="space-y-4">
          <Alert tone="error">{emailError ? null : refusal}</Alert>

          <Field name="email" label="Email" error={emailError}>
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

          <Field name="password" label="Password" hint={PASSWORD_RULE_HINT}>
            {(control) => (
              <PasswordField
                name="password"
                {...control}
                autoComplete="new-password"
                validation={passwordValidation}
              />
            )}
          </Field>

          <div className="pt-2">
            <Button
              type="submit"
              variant="primary"
              busy={submitting}
              busyLabel="Creating your account…"
              className="w-full sm:w-auto"
            >
              Sign up
            </Button>
          </div>
        </Form>
      </AuthFormCard>
    </>
  )
}

export default SignupPage
