import userEvent from '@testing-library/user-event'

import { render, screen } from '@redwoodjs/testing/web'
import { toast } from '@redwoodjs/web/toast'

import LoginPage from './LoginPage'

const mockLogIn = jest.fn()

jest.mock('src/auth', () => ({
  useAuth: () => ({ isAuthenticated: false, logIn: mockLogIn }),
}))

describe('LoginPage refusals', () => {
  beforeEach(() => mockLogIn.mockReset())

  it('says why in the form, not in a toast that could follow the person to the next page', async () => {
    const toastError = jest.spyOn(toast, 'error')
    let answer: (value: unknown) => void = () => {}
    mockLogIn.mockImplementation(
      () => new Promise((resolve) => (answer = resolve))
    )
    render(<LoginPage />)

    await userEvent.type(screen.getByLabelText('Email'), 'ada@example.com')
    await userEvent.type(screen.getByLabelText('Password'), 'not the password')
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }))

    // The button says it is working, and a second click cannot send again.
    expect(screen.getByRole('button', { name: 'Logging in…' })).toBeDisabled()

    answer({ error: 'Incorrect email or password' })

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Incorrect email or password'
    )
    expect(screen.getByRole('button', { name: 'Log in' })).toBeEnabled()
    // The email stays, the password is cleared and ready to type again.
    expect(screen.getByLabelText('Email')).toHaveValue('ada@example.com')
    expect(screen.getByLabelText('Password')).toHaveValue('')
    expect(screen.getByLabelText('Password')).toHaveFocus()
    expect(toastError).not.toHaveBeenCalled()
  })
})
