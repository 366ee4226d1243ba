import userEvent from '@testing-library/user-event'

import { render, screen } from '@redwoodjs/testing/web'

import ForgotPasswordPage, { NEUTRAL_RESET_MESSAGE } from './ForgotPasswordPage'

const mockForgotPassword = jest.fn()

jest.mock('src/auth', () => ({
  useAuth: () => ({
    isAuthenticated: false,
    forgotPassword: mockForgotPassword,
  }),
}))

const submitEmail = async (email: string) => {
  render(<ForgotPasswordPage />)
  await userEvent.type(screen.getByLabelText('Email'), email)
  await userEvent.click(screen.getByRole('button', { name: 'Send reset link' }))
}

describe('ForgotPasswordPage', () => {
  beforeEach(() => mockForgotPassword.mockReset())

  it.each([
    ['the account exists', () => Promise.resolve({ email: 'ada@example.com' })],
    [
      'the API says the email is unknown',
      () => Promise.resolve({ error: 'Username not found' }),
    ],
    ['the request fails outright', () => Promise.reject(new Error('boom'))],
  ])('shows the same neutral message when %s', async (_case, answer) => {
    mockForgotPassword.mockImplementation(answer)

    await submitEmail('ada@example.com')

    expect(await screen.findByRole('status')).toHaveTextContent(
      NEUTRAL_RESET_MESSAGE
    )
    expect(mockForgotPassword).toHaveBeenCalledWith('ada@example.com')
    expect(screen.queryByText(/not found/i)).not.toBeInTheDocument()
  })
})
