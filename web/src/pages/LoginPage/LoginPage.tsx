import { useEffect, useRef } from 'react'

import {
  Form,
  Label,
  EmailField,
  PasswordField,
  Submit,
  FieldError,
} from '@redwoodjs/forms'
import { Link, navigate, routes, useParams } from '@redwoodjs/router'
import { Metadata } from '@redwoodjs/web'
import { toast } from '@redwoodjs/web/toast'

import { useAuth } from 'src/auth'
import AuthFormCard from 'src/components/AuthFormCard/AuthFormCard'
import { emailValidation } from 'src/lib/passwordRules'
import { redirectTargetOr } from 'src/lib/redirectTo'

interface LoginForm {
  email: string
  password: string
}

const LoginPage = () => {
  const { isAuthenticated, logIn } = useAuth()
  const { redirectTo } = useParams()

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
    const response = await logIn({
      username: data.email,
      password: data.password,
    })

    if (response?.message) {
      toast(response.message)
    } else if (response?.error) {
      toast.error(response.error)
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
            <Link to={routes.signup()} className="rw-link">
              Create an account
            </Link>
          </>
        }
      >
        <Form<LoginForm> onSubmit={onSubmit} className="rw-form-wrapper">
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

          <Label
            name="password"
            className="rw-label"
            errorClassName="rw-label rw-label-error"
          >
            Password
          </Label>
          <PasswordField
            name="password"
            className="rw-input"
            errorClassName="rw-input rw-input-error"
            autoComplete="current-password"
            validation={{
              required: { value: true, message: 'Password is required' },
            }}
          />
          <FieldError name="password" className="rw-field-error" />

          <div className="rw-forgot-link">
            <Link to={routes.forgotPassword()} className="rw-forgot-link">
              Forgot your password?
            </Link>
          </div>

          <div className="rw-button-group">
            <Submit className="rw-button rw-button-blue">Log in</Submit>
          </div>
        </Form>
      </AuthFormCard>
    </>
  )
}

export default LoginPage
