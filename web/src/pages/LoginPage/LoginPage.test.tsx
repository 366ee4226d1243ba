import { render, screen } from '@redwoodjs/testing/web'

import LoginPage from './LoginPage'

describe('LoginPage', () => {
  beforeEach(() => mockCurrentUser(null))

  it('renders an email and password form with the right autocomplete hints', () => {
    render(<LoginPage />)

    const email = screen.getByLabelText('Email')
    expect(email).toHaveAttribute('type', 'email')
    expect(email).toHaveAttribute('autocomplete', 'username')

    expect(screen.getByLabelText('Password')).toHaveAttribute(
      'autocomplete',
      'current-password'
    )
    expect(screen.getByRole('button', { name: 'Log in' })).toBeInTheDocument()
    expect(
      screen.getByRole('link', { name: 'Forgot your password?' })
    ).toBeInTheDocument()
  })

  it('puts the cursor in the email field', () => {
    render(<LoginPage />)

    expect(screen.getByLabelText('Email')).toHaveFocus()
  })
})
