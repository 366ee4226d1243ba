import userEvent from '@testing-library/user-event'

import { render, screen, waitFor } from '@redwoodjs/testing/web'

import SignupPage from './SignupPage'

describe('SignupPage', () => {
  beforeEach(() => mockCurrentUser(null))

  it('states the password rule next to the password field', () => {
    render(<SignupPage />)

    const password = screen.getByLabelText('Password')
    expect(password).toHaveAttribute('autocomplete', 'new-password')
    expect(password).toHaveAccessibleDescription('Use 12 to 128 characters.')
  })

  it('refuses a password shorter than 12 characters before calling the API', async () => {
    render(<SignupPage />)

    await userEvent.type(screen.getByLabelText('Email'), 'ada@example.com')
    await userEvent.type(screen.getByLabelText('Password'), 'short-pass1')
    await userEvent.click(screen.getByRole('button', { name: 'Sign up' }))

    await waitFor(() =>
      expect(
        screen.getByText('Password must be at least 12 characters')
      ).toBeInTheDocument()
    )
  })

  it("ties a field's error to the field, so a screen reader reads it with it", async () => {
    render(<SignupPage />)

    await userEvent.type(screen.getByLabelText('Email'), 'not-an-email')
    await userEvent.click(screen.getByRole('button', { name: 'Sign up' }))

    const email = screen.getByLabelText('Email')
    await waitFor(() =>
      expect(email).toHaveAccessibleDescription(
        'Enter an email address like name@example.com'
      )
    )
    expect(email).toHaveAttribute('aria-invalid', 'true')
  })
})
