import userEvent from '@testing-library/user-event'

import { render, screen, waitFor } from '@redwoodjs/testing/web'

import TwoFactorChallengePage from './TwoFactorChallengePage'

const mockReauthenticate = jest.fn()
const mockLogOut = jest.fn()
let mockPending = true

jest.mock('src/auth', () => ({
  useAuth: () => ({
    loading: false,
    isAuthenticated: true,
    currentUser: {
      id: 1,
      email: 'ada@example.com',
      secondFactorPending: mockPending,
    },
    reauthenticate: mockReauthenticate,
    logOut: mockLogOut,
  }),
}))

const status = (overrides = {}) => ({
  twoFactorStatus: {
    __typename: 'TwoFactorStatus',
    enabled: true,
    verified: false,
    phoneNumberHint: '+1******1212',
    resendAvailableInSeconds: 0,
    codeExpiresInSeconds: null,
    freshUntil: null,
    ...overrides,
  },
})

const mockStatus = (overrides = {}) =>
  mockGraphQLQuery('TwoFactorChallengeStatusQuery', () => status(overrides))

const mockRequestOtp = () => {
  const requestOtp = jest.fn(() => ({
    requestOtp: {
      __typename: 'MutationResult',
      success: true,
      message: null,
      retryAfterSeconds: 30,
    },
  }))
  mockGraphQLMutation('RequestOtpMutation', requestOtp)
  return requestOtp
}

const mockVerifyOtp = (answer: 'ok' | 'OTP_INVALID') => {
  const verifyOtp = jest.fn((_vars, { ctx }) => {
    if (answer === 'ok') {
      // The real server re-issues the session cookie here.
      mockPending = false
      return {
        verifyOtp: {
          __typename: 'MutationResult',
          success: true,
          message: null,
        },
      }
    }
    ctx.errors([{ message: 'nope', extensions: { code: answer } }])
    return undefined
  })
  mockGraphQLMutation('VerifyOtpMutation', verifyOtp)
  return verifyOtp
}

describe('TwoFactorChallengePage', () => {
  beforeEach(() => {
    mockPending = true
    mockReauthenticate.mockReset()
    window.history.replaceState({}, '', '/2fa-challenge')
  })

  it('sends a code on arrival and shows the masked number', async () => {
    mockStatus()
    const requestOtp = mockRequestOtp()

    render(<TwoFactorChallengePage />)

    expect(
      await screen.findByText('We texted a 6-digit code to +1******1212.')
    ).toBeInTheDocument()
    expect(requestOtp).toHaveBeenCalledTimes(1)
    expect(
      screen.getByRole('button', { name: /Resend code in 0:(30|29)/ })
    ).toBeDisabled()
  })

  it('does not send another code when one was sent moments ago', async () => {
    mockStatus({ codeExpiresInSeconds: 280, resendAvailableInSeconds: 20 })
    const requestOtp = mockRequestOtp()

    render(<TwoFactorChallengePage />)

    expect(
      await screen.findByText('We texted a 6-digit code to +1******1212.')
    ).toBeInTheDocument()
    expect(
      screen.getByRole('button', { name: /Resend code in 0:(20|19)/ })
    ).toBeDisabled()
    expect(requestOtp).not.toHaveBeenCalled()
  })

  it.each([
    ['/settings/security', '/settings/security'],
    ['https://evil.example/', '/dashboard'],
    ['//evil.example', '/dashboard'],
    [undefined, '/dashboard'],
  ])(
    'after a correct code refreshes the session and goes to %p, landing on %p',
    async (redirectTo, landing) => {
      mockStatus({ codeExpiresInSeconds: 280, resendAvailableInSeconds: 20 })
      const verifyOtp = mockVerifyOtp('ok')

      render(<TwoFactorChallengePage redirectTo={redirectTo} />)

      await userEvent.type(
        await screen.findByLabelText('Verification code'),
        '123456'
      )

      await waitFor(() => expect(window.location.pathname).toBe(landing))
      expect(verifyOtp).toHaveBeenCalledWith(
        { otp: '123456' },
        expect.anything()
      )
      expect(mockReauthenticate).toHaveBeenCalledTimes(1)
      expect(window.location.host).toBe('localhost')
    }
  )

  it('announces a wrong code and stays on the page', async () => {
    mockStatus({ codeExpiresInSeconds: 280, resendAvailableInSeconds: 20 })
    mockVerifyOtp('OTP_INVALID')

    render(<TwoFactorChallengePage />)
    await userEvent.type(
      await screen.findByLabelText('Verification code'),
      '000000'
    )

    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent(
        'That code is not right'
      )
    )
    expect(mockReauthenticate).not.toHaveBeenCalled()
    expect(window.location.pathname).toBe('/2fa-challenge')
  })

  it('offers a way out', async () => {
    mockStatus({ codeExpiresInSeconds: 280, resendAvailableInSeconds: 20 })
    render(<TwoFactorChallengePage />)

    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }))

    expect(mockLogOut).toHaveBeenCalled()
    await waitFor(() => expect(window.location.pathname).toBe('/login'))
  })
})
