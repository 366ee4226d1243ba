import { useEffect, useRef } from 'react'

import {
  Form,
  Label,
  EmailField,
  PasswordField,
  FieldError,
  Submit,
} from '@redwoodjs/forms'
import { Link, navigate, routes } from '@redwoodjs/router'
import { Metadata } from '@redwoodjs/web'
import { toast } from '@redwoodjs/web/toast'

import { useAuth } from 'src/auth'
import AuthFormCard from 'src/components/AuthFormCard/AuthFormCard'
import {
  emailValidation,
  PASSWORD_RULE_HINT,
  passwordValidation,
} from 'src/lib/passwordRules'

interface SignupForm {
  email: string
  password: string
}

const SignupPage = () => {
  const { isAuthenticated, signUp } = useAuth()

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
    const response = await signUp({
      username: data.email,
      password: data.password,
    })

    if (response?.message) {
      toast(response.message)
    } else if (response?.error) {
      toast.error(response.error)
    } else {
      toast.success(
        'Welcome! Turn on two-factor authentication under Security.'
      )
    }
  }

  return (
    <>
      <Metadata title="Sign up" />

      <AuthFormCard
        title="Create your account"
        footer={
          <>
            <span>Already have an account?</span>{' '}
            <Link to={routes.login()} className="rw-link">
              Log in
            </Link>
          </>
        }
      >
        <Form<SignupForm> onSubmit={onSubmit} className="rw-form-wrapper">
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
            autoComplete="new-password"
            aria-describedby="password-rules"
            validation={passwordValidation}
          />
          <p id="password-rules" className="app-hint">
            {PASSWORD_RULE_HINT}
          </p>
          <FieldError name="password" className="rw-field-error" />

          <div className="rw-button-group">
            <Submit className="rw-button rw-button-blue">Sign up</Submit>
          </div>
        </Form>
      </AuthFormCard>
    </>
  )
}

export default SignupPage
