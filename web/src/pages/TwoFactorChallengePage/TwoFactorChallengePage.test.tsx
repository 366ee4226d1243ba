import userEvent from '@testing-library/user-event'

import { render, screen, waitFor } from '@redwoodjs/testing/web'
import { toast } from '@redwoodjs/web/toast'

import TwoFactorChallengePage, {
  recoveryCodesLeftMessage,
} from './TwoFactorChallengePage'

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
    pendingPhoneNumberHint: null,
    methods: ['SMS', 'RECOVERY_CODE'],
    preferredMethod: 'SMS',
    recoveryCodesRemaining: 10,
    resendAvailableInSeconds: 0,
    codeExpiresInSeconds: null,
    freshUntil: null,
    ...overrides,
  },
})

const mockStatus = (overrides = {}) =>
  mockGraphQLQuery('TwoFactorChallengeStatusQuery', () => status(overrides))

/** SMS, an authenticator app (used last) and recovery codes. */
const ALL_METHODS = {
  methods: ['SMS', 'TOTP', 'RECOVERY_CODE'],
  preferredMethod: 'TOTP',
}

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

const mockVerifyOtp = (answer: 'ok' | 'OTP_INVALID' | 'OTP_REPLACED') => {
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

const mockVerifySecondFactor = (
  answer: 'ok' | string,
  { staysPending = false } = {}
) => {
  const verify = jest.fn((_vars, { ctx }) => {
    if (answer === 'ok') {
      mockPending = staysPending
      return {
        verifySecondFactor: {
          __typename: 'MutationResult',
          success: true,
          message: null,
        },
      }
    }
    ctx.errors([{ message: 'nope', extensions: { code: answer } }])
    return undefined
  })
  mockGraphQLMutation('VerifySecondFactorMutation', verify)
  return verify
}

const spies: jest.SpyInstance[] = []
const restoreAfterTest = (spy: jest.SpyInstance) => spies.push(spy)
afterEach(() => spies.splice(0).forEach((spy) => spy.mockRestore()))

const tryAnotherWay = () =>
  userEvent.click(screen.getByRole('button', { name: 'Try another way' }))

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
      await screen.findByText(
        'We texted a 6-digit code to •••\u2011•••\u20111212.'
      )
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
      await screen.findByText(
        /^We texted a 6-digit code to •••\u2011•••\u20111212\. It works until /
      )
    ).toBeInTheDocument()
    expect(
      screen.getByRole('button', { name: /Resend code in 0:(20|19)/ })
    ).toBeDisabled()
    expect(requestOtp).not.toHaveBeenCalled()
  })

  it('does not send another code on a reload after the cooldown either, and says when the live one was sent and expires', async () => {
    const sentAt = new Date(Date.now() - 90_000)
    mockStatus({
      codeExpiresInSeconds: 210,
      resendAvailableInSeconds: 0,
      codeSentAt: sentAt.toISOString(),
    })
    const requestOtp = mockRequestOtp()

    render(<TwoFactorChallengePage />)

    const clock = (date: Date) =>
      date.toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' })
    const expires = new Date(Date.now() + 210_000)
    expect(
      await screen.findByText(
        `We texted a 6-digit code to •••\u2011•••\u20111212 at ${clock(sentAt)}. It works until ${clock(expires)}.`
      )
    ).toBeInTheDocument()
    // The person may still ask for another one.
    expect(screen.getByRole('button', { name: 'Resend code' })).toBeEnabled()
    expect(requestOtp).not.toHaveBeenCalled()
  })

  it('confirms a resend: a new code went out and the earlier one stopped working', async () => {
    mockStatus({ codeExpiresInSeconds: 210, resendAvailableInSeconds: 0 })
    const requestOtp = mockRequestOtp()
    render(<TwoFactorChallengePage />)

    await userEvent.click(
      await screen.findByRole('button', { name: 'Resend code' })
    )

    expect(
      await screen.findByText(
        'New code sent to •••\u2011•••\u20111212. Earlier codes no longer work.'
      )
    ).toBeInTheDocument()
    expect(requestOtp).toHaveBeenCalledTimes(1)
  })

  it('says a code typed after a resend was replaced', async () => {
    mockStatus({ codeExpiresInSeconds: 280, resendAvailableInSeconds: 20 })
    mockVerifyOtp('OTP_REPLACED')
    render(<TwoFactorChallengePage />)

    await userEvent.type(
      await screen.findByLabelText('Verification code'),
      '000000'
    )

    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent(
        'That code was replaced by a newer one. Use the code from the latest text.'
      )
    )
  })

  it.each(['RATE_LIMITED', 'SMS_BUDGET_EXCEEDED'])(
    'points to the other methods when texts are limited (%s)',
    async (code) => {
      mockStatus()
      mockGraphQLMutation('RequestOtpMutation', (_vars, { ctx }) => {
        ctx.errors([
          { message: 'nope', extensions: { code, retryAfterSeconds: 600 } },
        ])
      })
      render(<TwoFactorChallengePage />)

      expect(
        await screen.findByText(
          'You do not have to wait for a text: try another way below.'
        )
      ).toBeInTheDocument()
      expect(
        screen.getByRole('button', { name: 'Try another way' })
      ).toHaveAttribute('aria-expanded', 'true')
      expect(
        screen.getByRole('button', { name: 'Use a recovery code' })
      ).toBeVisible()
    }
  )

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

  describe('choosing how to verify', () => {
    it('opens with the authenticator app when it was used last, and texts nothing', async () => {
      mockStatus(ALL_METHODS)
      const requestOtp = mockRequestOtp()

      render(<TwoFactorChallengePage />)

      const field = await screen.findByLabelText('Authentication code')
      expect(field).toHaveFocus()
      expect(
        screen.queryByLabelText('Verification code')
      ).not.toBeInTheDocument()
      expect(
        screen.queryByRole('button', { name: /Resend code/ })
      ).not.toBeInTheDocument()
      expect(requestOtp).not.toHaveBeenCalled()
    })

    it('texts a code only when the person switches to text message, and once', async () => {
      mockStatus(ALL_METHODS)
      const requestOtp = mockRequestOtp()

      render(<TwoFactorChallengePage />)
      await screen.findByLabelText('Authentication code')

      const toggle = screen.getByRole('button', { name: 'Try another way' })
      expect(toggle).toHaveAttribute('aria-expanded', 'false')
      await tryAnotherWay()
      expect(toggle).toHaveAttribute('aria-expanded', 'true')
      await userEvent.click(
        screen.getByRole('button', {
          name: 'Text a code to •••\u2011•••\u20111212',
        })
      )

      expect(
        await screen.findByText(
          'We texted a 6-digit code to •••\u2011•••\u20111212.'
        )
      ).toBeInTheDocument()
      expect(screen.getByLabelText('Verification code')).toHaveFocus()
      expect(requestOtp).toHaveBeenCalledTimes(1)

      await tryAnotherWay()
      await userEvent.click(
        screen.getByRole('button', { name: 'Use your authenticator app' })
      )
      expect(screen.getByLabelText('Authentication code')).toHaveFocus()
      await tryAnotherWay()
      await userEvent.click(
        screen.getByRole('button', {
          name: 'Text a code to •••\u2011•••\u20111212',
        })
      )

      // Back on the text form, the countdown carries on from the first send.
      expect(
        await screen.findByRole('button', {
          name: /Resend code in 0:(30|29|28)/,
        })
      ).toBeDisabled()
      expect(requestOtp).toHaveBeenCalledTimes(1)
    })

    it('offers only the methods the account has', async () => {
      mockStatus({ codeExpiresInSeconds: 280, resendAvailableInSeconds: 20 })
      render(<TwoFactorChallengePage />)
      await screen.findByLabelText('Verification code')

      await tryAnotherWay()

      expect(
        screen.getByRole('button', { name: 'Use a recovery code' })
      ).toBeInTheDocument()
      expect(
        screen.queryByRole('button', { name: 'Use your authenticator app' })
      ).not.toBeInTheDocument()
      expect(
        screen.queryByRole('button', { name: /Text a code/ })
      ).not.toBeInTheDocument()
    })

    it('has nothing to switch to when the app is the only method', async () => {
      mockStatus({ methods: ['TOTP'], preferredMethod: 'TOTP' })
      const requestOtp = mockRequestOtp()
      render(<TwoFactorChallengePage />)

      await screen.findByLabelText('Authentication code')

      expect(
        screen.queryByRole('button', { name: 'Try another way' })
      ).not.toBeInTheDocument()
      expect(requestOtp).not.toHaveBeenCalled()
    })

    it('never opens with a recovery code while another method exists', async () => {
      mockStatus({
        methods: ['RECOVERY_CODE', 'TOTP'],
        preferredMethod: 'RECOVERY_CODE',
      })
      render(<TwoFactorChallengePage />)

      expect(
        await screen.findByLabelText('Authentication code')
      ).toBeInTheDocument()
    })
  })

  describe('authenticator app', () => {
    it('signs in with a code from the app', async () => {
      mockStatus(ALL_METHODS)
      const verify = mockVerifySecondFactor('ok')
      render(<TwoFactorChallengePage />)

      await userEvent.type(
        await screen.findByLabelText('Authentication code'),
        '654321'
      )

      await waitFor(() => expect(window.location.pathname).toBe('/dashboard'))
      expect(verify).toHaveBeenCalledWith(
        { method: 'TOTP', code: '654321' },
        expect.anything()
      )
      expect(mockReauthenticate).toHaveBeenCalledTimes(1)
    })

    it('sends a wrong app code back to the app, not to a text message', async () => {
      mockStatus(ALL_METHODS)
      mockVerifySecondFactor('OTP_INVALID')
      render(<TwoFactorChallengePage />)

      await userEvent.type(
        await screen.findByLabelText('Authentication code'),
        '000000'
      )

      await waitFor(() =>
        expect(screen.getByRole('alert')).toHaveTextContent(
          'That code is not right. Check your authenticator app and try again.'
        )
      )
      expect(screen.getByLabelText('Authentication code')).toHaveAttribute(
        'aria-invalid',
        'true'
      )
      expect(mockReauthenticate).not.toHaveBeenCalled()
    })

    it('points to the recovery codes while verification is locked', async () => {
      mockStatus(ALL_METHODS)
      mockVerifySecondFactor('TWO_FACTOR_LOCKED')
      render(<TwoFactorChallengePage />)

      await userEvent.type(
        await screen.findByLabelText('Authentication code'),
        '000000'
      )
      await screen.findByText(
        'You can still get in with one of your recovery codes.',
        { exact: false }
      )
      await userEvent.click(
        screen.getByRole('button', { name: 'Use a recovery code' })
      )

      expect(screen.getByLabelText('Recovery code')).toHaveFocus()
    })
  })

  describe('recovery code', () => {
    const useRecoveryCode = async () => {
      render(<TwoFactorChallengePage />)
      await screen.findByLabelText('Authentication code')
      await tryAnotherWay()
      await userEvent.click(
        screen.getByRole('button', { name: 'Use a recovery code' })
      )
      return screen.getByLabelText('Recovery code')
    }

    it('is a plain text field that browsers do not fill with texted codes', async () => {
      mockStatus(ALL_METHODS)
      const field = await useRecoveryCode()

      expect(field).toHaveFocus()
      expect(field).toHaveAttribute('autocomplete', 'off')
      expect(field).toHaveAttribute('inputmode', 'text')
      expect(field).not.toHaveAttribute('pattern')
      expect(field).toHaveAttribute(
        'aria-describedby',
        expect.stringContaining('recovery-code-message')
      )
    })

    it.each([
      ['with the dash', 'abcde-fghjk'],
      ['without the dash, in capitals', 'ABCDEFGHJK'],
      ['with a space', 'abcde fghjk'],
    ])(
      'accepts a code typed %s and says how many are left',
      async (_, typed) => {
        let statusCalls = 0
        mockGraphQLQuery('TwoFactorChallengeStatusQuery', () => {
          statusCalls += 1
          return status({
            ...ALL_METHODS,
            recoveryCodesRemaining: statusCalls === 1 ? 8 : 7,
          })
        })
        // Left pending: the real session stays pending until reauthenticate
        // re-reads it, so the page does not leave before the toast.
        const verify = mockVerifySecondFactor('ok', { staysPending: true })
        const success = jest.spyOn(toast, 'success')
        restoreAfterTest(success)

        const field = await useRecoveryCode()
        await userEvent.type(field, `${typed}{Enter}`)

        await waitFor(() =>
          expect(success).toHaveBeenCalledWith(
            'Signed in with a recovery code. You have 7 recovery codes left.',
            expect.anything()
          )
        )
        await waitFor(() => expect(window.location.pathname).toBe('/dashboard'))
        expect(verify).toHaveBeenCalledWith(
          { method: 'RECOVERY_CODE', code: 'abcdefghjk' },
          expect.anything()
        )
        expect(mockReauthenticate).toHaveBeenCalledTimes(1)
      }
    )

    it('catches input that cannot be a code without spending a try', async () => {
      mockStatus(ALL_METHODS)
      const verify = mockVerifySecondFactor('ok')
      const field = await useRecoveryCode()

      await userEvent.type(field, '123456{Enter}')

      expect(await screen.findByRole('alert')).toHaveTextContent(
        'A recovery code has 10 letters and digits, like abcde-12345.'
      )
      expect(field).toHaveAttribute('aria-invalid', 'true')
      expect(verify).not.toHaveBeenCalled()
    })

    it.each([
      ['RECOVERY_CODE_INVALID', 'not valid or was already used'],
      ['RECOVERY_CODE_ATTEMPTS_EXCEEDED', 'Sign out and sign in again'],
    ])('explains %s and stays', async (code, message) => {
      mockStatus(ALL_METHODS)
      mockVerifySecondFactor(code)
      const field = await useRecoveryCode()

      await userEvent.type(field, 'abcde-fghjk{Enter}')

      await waitFor(() =>
        expect(screen.getByRole('alert')).toHaveTextContent(message)
      )
      expect(field).toHaveFocus()
      expect(mockReauthenticate).not.toHaveBeenCalled()
      expect(window.location.pathname).toBe('/2fa-challenge')
    })
  })

  it.each([
    [9, 'Signed in with a recovery code. You have 9 recovery codes left.'],
    [
      1,
      'Signed in with a recovery code. You have 1 recovery code left: generate new ones in Security settings.',
    ],
    [undefined, 'Signed in with a recovery code. It cannot be used again.'],
  ])('words %p recovery codes left', (left, message) => {
    expect(recoveryCodesLeftMessage(left)).toBe(message)
  })
})
