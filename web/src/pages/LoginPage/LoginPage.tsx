import { useEffect, useRef, useState } from 'react'

import { Form, EmailField, PasswordField, useForm } from '@redwoodjs/forms'
import { Link, navigate, routes, useParams } from '@redwoodjs/router'
import { Metadata } from '@redwoodjs/web'

import { useAuth } from 'src/auth'
import AuthFormCard, {
  FOOTER_LINK,
} from 'src/components/AuthFormCard/AuthFormCard'
import Alert from 'src/components/ui/Alert'
import Button from 'src/components/ui/Button'
import Field from 'src/components/ui/Field'
import { emailValidation } from 'src/lib/passwordRules'
import { redirectTargetOr } from 'src/lib/redirectTo'

interface LoginForm {
  email: string
  password: string
}

const LoginPage = () => {
  const { isAuthenticated, logIn } = useAuth()
  const { redirectTo } = useParams()
  const formMethods = useForm<LoginForm>()
  const [submitting, setSubmitting] = useState(false)
  // Said in the form, where the person is looking, not in a toast that
  // could outlive the page.
  const [refusal, setRefusal] = useState<string | null>(null)

  // Private routes send people here with ?redirectTo; the second-factor
  // wrapper takes over from there if the session still owes a code.
  useEffect(() => {
    if (isAuthenticated) {
      navigate(redirectTargetOr(redirectTo, routes.dashboard()))
    }
  }, [isAuthenticated, redirectTo])

  const emailRef = useRef<HTMLInputElement>(null)
  useEffect(() => {
    emailRef.current?.focus()
  }, [])

  const onSubmit = async (data: LoginForm) => {
    setRefusal(null)
    setSubmitting(true)
    try {
      const response = await logIn({
        username: data.email,
        password: data.password,
      })
      const message = response?.error ?? response?.message
      if (message) {
        setRefusal(message)
        // As most sign-in forms do: the email stays, the password goes.
        formMethods.setValue('password', '')
        formMethods.setFocus('password')
      }
    } catch {
      setRefusal(
        'Could not reach the server. Check your connection and try again.'
      )
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <>
      <Metadata title="Log in" />

      <AuthFormCard
        title="Log in"
        footer={
          <>
            <span>New here?</span>{' '}
            <Link to={routes.signup()} className={FOOTER_LINK}>
              Create an account
            </Link>
          </>
        }
      >
        <Form<LoginForm>
          noValidate
          formMethods={formMethods}
          onSubmit={onSubmit}
          className="space-y-4"
        >
          <Alert tone="error">{refusal}</Alert>

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

          <Field name="password" label="Password">
            {(control) => (
              <PasswordField
                name="password"
                {...control}
                autoComplete="current-password"
                validation={{
                  required: { value: true, message: 'Password is required' },
                }}
              />
            )}
          </Field>

          <div className="flex flex-wrap items-center justify-between gap-3 pt-2">
            <Button
              type="submit"
              variant="primary"
              busy={submitting}
              busyLabel="Logging in…"
              className="w-full sm:w-auto"
            >
              Log in
            </Button>
            <Link
              to={routes.forgotPassword()}
              className="inline-flex min-h-tap items-center"
            >
              Forgot your password?
            </Link>
          </div>
        </Form>
      </AuthFormCard>
    </>
  )
}

export default LoginPage
