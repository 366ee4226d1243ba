import userEvent from '@testing-library/user-event'

import { render, screen, waitFor } from '@redwoodjs/testing/web'

import type { TwoFactorStatus } from 'src/lib/twoFactorGraphql'

import SecuritySettings from './SecuritySettings'

const result = (extra = {}) => ({
  __typename: 'MutationResult',
  success: true,
  message: null,
  ...extra,
})

const status = (overrides: Partial<TwoFactorStatus> = {}): TwoFactorStatus => ({
  enabled: false,
  verified: true,
  phoneNumberHint: '+1******1212',
  pendingPhoneNumberHint: '+1******1212',
  methods: [],
  preferredMethod: null,
  recoveryCodesRemaining: 0,
  resendAvailableInSeconds: 0,
  codeExpiresInSeconds: null,
  freshUntil: null,
  ...overrides,
})

/** Two-factor on with a confirmed number and a full set of recovery codes. */
const protectedStatus = (
  overrides: Partial<TwoFactorStatus> = {}
): TwoFactorStatus =>
  status({
    enabled: true,
    pendingPhoneNumberHint: null,
    methods: ['SMS', 'RECOVERY_CODE'],
    preferredMethod: 'SMS',
    recoveryCodesRemaining: 10,
    ...overrides,
  })

const freshFor10Minutes = () =>
  new Date(Date.now() + 10 * 60 * 1000).toISOString()

const mockCodeRoundTrip = () => {
  const requestOtp = jest.fn(() => ({
    requestOtp: result({ retryAfterSeconds: 30 }),
  }))
  const verifyOtp = jest.fn(() => ({ verifyOtp: result() }))
  mockGraphQLMutation('RequestOtpMutation', requestOtp)
  mockGraphQLMutation('VerifyOtpMutation', verifyOtp)
  return { requestOtp, verifyOtp }
}

const enterCode = async () =>
  userEvent.type(await screen.findByLabelText('Verification code'), '123456')

describe('SecuritySettings', () => {
  it('turns two-factor on: send code, check it, then enable', async () => {
    const { requestOtp, verifyOtp } = mockCodeRoundTrip()
    const enable = jest.fn(() => ({ enableTwoFactorAuth: result() }))
    mockGraphQLMutation('EnableTwoFactorAuthMutation', enable)
    const refresh = jest.fn(async () => undefined)

    render(
      <SecuritySettings
        email="ada@example.com"
        status={status()}
        refresh={refresh}
      />
    )

    await userEvent.click(screen.getByRole('button', { name: 'Send code' }))
    await enterCode()
    await waitFor(() => expect(verifyOtp).toHaveBeenCalled())
    expect(requestOtp).toHaveBeenCalledTimes(1)

    await userEvent.click(
      await screen.findByRole('button', { name: 'Turn on two-factor' })
    )
    await waitFor(() => expect(enable).toHaveBeenCalledTimes(1))
    expect(refresh).toHaveBeenCalled()
  })

  it('saves a new number in E.164', async () => {
    const setPhone = jest.fn(() => ({ setPhoneNumber: result() }))
    mockGraphQLMutation('SetPhoneNumberMutation', setPhone)

    render(
      <SecuritySettings
        email="ada@example.com"
        status={status({ phoneNumberHint: null, pendingPhoneNumberHint: null })}
        refresh={jest.fn(async () => undefined)}
      />
    )

    await userEvent.selectOptions(screen.getByLabelText('Country'), 'US')
    await userEvent.type(screen.getByLabelText('Mobile number'), '2015550123')
    await userEvent.click(screen.getByRole('button', { name: 'Save number' }))

    await waitFor(() =>
      expect(setPhone).toHaveBeenCalledWith(
        { phoneNumber: '+12015550123' },
        expect.anything()
      )
    )
  })

  it('asks for a fresh code before turning two-factor off', async () => {
    const { requestOtp, verifyOtp } = mockCodeRoundTrip()
    const disable = jest.fn(() => ({ disableTwoFactorAuth: result() }))
    mockGraphQLMutation('DisableTwoFactorAuthMutation', disable)

    render(
      <SecuritySettings
        email="ada@example.com"
        status={protectedStatus()}
        refresh={jest.fn(async () => undefined)}
      />
    )

    await userEvent.click(
      screen.getByRole('button', { name: 'Turn off two-factor' })
    )
    expect(await screen.findByText('Confirm it is you')).toBeInTheDocument()
    await waitFor(() => expect(requestOtp).toHaveBeenCalledTimes(1))
    expect(disable).not.toHaveBeenCalled()

    await enterCode()
    await waitFor(() => expect(disable).toHaveBeenCalledTimes(1))
    expect(verifyOtp).toHaveBeenCalledTimes(1)
  })

  it('turns off at once while the last verification is fresh', async () => {
    const disable = jest.fn(() => ({ disableTwoFactorAuth: result() }))
    mockGraphQLMutation('DisableTwoFactorAuthMutation', disable)

    render(
      <SecuritySettings
        email="ada@example.com"
        status={protectedStatus({ freshUntil: freshFor10Minutes() })}
        refresh={jest.fn(async () => undefined)}
      />
    )

    await userEvent.click(
      screen.getByRole('button', { name: 'Turn off two-factor' })
    )
    await waitFor(() => expect(disable).toHaveBeenCalledTimes(1))
    expect(screen.queryByText('Confirm it is you')).not.toBeInTheDocument()
  })

  it('retries turning off after the API asks for a fresh code', async () => {
    mockCodeRoundTrip()
    let calls = 0
    const disable = jest.fn((_vars, { ctx }) => {
      calls += 1
      if (calls === 1) {
        ctx.errors([
          {
            message: 'stale',
            extensions: { code: 'FRESH_SECOND_FACTOR_REQUIRED' },
          },
        ])
        return undefined
      }
      return { disableTwoFactorAuth: result() }
    })
    mockGraphQLMutation('DisableTwoFactorAuthMutation', disable)

    render(
      <SecuritySettings
        email="ada@example.com"
        // The clock says fresh, the server disagrees: the server wins.
        status={protectedStatus({ freshUntil: freshFor10Minutes() })}
        refresh={jest.fn(async () => undefined)}
      />
    )

    await userEvent.click(
      screen.getByRole('button', { name: 'Turn off two-factor' })
    )
    expect(await screen.findByText('Confirm it is you')).toBeInTheDocument()

    await enterCode()
    await waitFor(() => expect(disable).toHaveBeenCalledTimes(2))
  })

  it('asks for a fresh code before changing the number on a protected account', async () => {
    const { requestOtp } = mockCodeRoundTrip()

    render(
      <SecuritySettings
        email="ada@example.com"
        status={protectedStatus()}
        refresh={jest.fn(async () => undefined)}
      />
    )

    await userEvent.click(screen.getByRole('button', { name: 'Change number' }))
    expect(await screen.findByText('Confirm it is you')).toBeInTheDocument()
    expect(screen.queryByLabelText('Mobile number')).not.toBeInTheDocument()

    await waitFor(() => expect(requestOtp).toHaveBeenCalledTimes(1))
    await enterCode()

    expect(await screen.findByLabelText('Mobile number')).toBeInTheDocument()
  })

  it('explains why a code could not be sent', async () => {
    mockGraphQLMutation('RequestOtpMutation', (_vars, { ctx }) => {
      ctx.errors([
        {
          message: 'not allowed',
          extensions: { code: 'SMS_DESTINATION_NOT_ALLOWED' },
        },
      ])
      return undefined
    })

    render(
      <SecuritySettings
        email="ada@example.com"
        status={status()}
        refresh={jest.fn(async () => undefined)}
      />
    )
    await userEvent.click(screen.getByRole('button', { name: 'Send code' }))

    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent(
        'We cannot send text messages to numbers in that country.'
      )
    )
  })
})
