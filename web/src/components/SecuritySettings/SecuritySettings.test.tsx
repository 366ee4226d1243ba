import userEvent from '@testing-library/user-event'

import { render, screen, waitFor, within } from '@redwoodjs/testing/web'

import { CODES } from 'src/components/RecoveryCodesDisplay/RecoveryCodesDisplay.mock'
import {
  SECRET,
  startTotpEnrollmentResult,
} from 'src/components/TotpEnrollment/TotpEnrollment.mock'
import type { TwoFactorStatus } from 'src/lib/twoFactorGraphql'

import SecuritySettings from './SecuritySettings'

const result = (extra = {}) => ({
  __typename: 'MutationResult',
  success: true,
  message: null,
  recoveryCodes: null,
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

const mockGenerateRecoveryCodes = (codes = CODES) => {
  const generate = jest.fn(() => ({
    generateRecoveryCodes: { __typename: 'RecoveryCodes', codes },
  }))
  mockGraphQLMutation('GenerateRecoveryCodesMutation', generate)
  return generate
}

const refusal =
  (code: string) =>
  (_vars: unknown, { ctx }) => {
    ctx.errors([{ message: 'no', extensions: { code } }])
    return undefined
  }

/** Prints the codes (the quickest of the three ways) and confirms. */
const keepRecoveryCodes = async () => {
  await userEvent.click(screen.getByRole('button', { name: 'Print' }))
  await userEvent.click(
    screen.getByRole('button', { name: 'I have saved these codes' })
  )
}

const renderSettings = (
  statusNow: TwoFactorStatus,
  refresh = jest.fn(async () => undefined)
) => {
  render(
    <SecuritySettings
      email="ada@example.com"
      status={statusNow}
      refresh={refresh}
    />
  )
  return refresh
}

/** "Turn off two-factor", then the confirmation that says what goes with it. */
const turnOff = async () => {
  await userEvent.click(
    screen.getByRole('button', { name: 'Turn off two-factor' })
  )
  await userEvent.click(
    await screen.findByRole('button', {
      name: 'Turn off two-factor authentication',
    })
  )
}

const enterCode = async () =>
  userEvent.type(await screen.findByLabelText('Verification code'), '123456')

describe('SecuritySettings', () => {
  beforeEach(() => {
    window.print = jest.fn()
  })

  it('turns two-factor on in one flow: the number, the code texted at once, then recovery codes to keep', async () => {
    const setPhone = jest.fn(() => ({ setPhoneNumber: result() }))
    mockGraphQLMutation('SetPhoneNumberMutation', setPhone)
    const { requestOtp, verifyOtp } = mockCodeRoundTrip()
    // The first codes come with turning two-factor on: nothing else makes them.
    const enable = jest.fn(() => ({
      enableTwoFactorAuth: { ...result(), recoveryCodes: CODES },
    }))
    mockGraphQLMutation('EnableTwoFactorAuthMutation', enable)
    const generate = mockGenerateRecoveryCodes()
    const refresh = renderSettings(
      status({ phoneNumberHint: null, pendingPhoneNumberHint: null })
    )

    await userEvent.selectOptions(await screen.findByLabelText('Country'), 'US')
    await userEvent.type(screen.getByLabelText('Mobile number'), '2015550123')
    await userEvent.click(screen.getByRole('button', { name: 'Send code' }))

    // The code goes out as the number is saved: no second button.
    await waitFor(() => expect(requestOtp).toHaveBeenCalledTimes(1))
    expect(setPhone).toHaveBeenCalledTimes(1)
    await enterCode()
    await waitFor(() => expect(verifyOtp).toHaveBeenCalled())

    // The right code turns it on, with nothing else to press.
    await waitFor(() => expect(enable).toHaveBeenCalledTimes(1))
    expect(
      screen.queryByRole('button', { name: 'Turn on two-factor' })
    ).not.toBeInTheDocument()
    expect(await screen.findByText(CODES[0])).toBeInTheDocument()
    expect(generate).not.toHaveBeenCalled()
    expect(screen.getByText(/Two-factor authentication is on\./)).toBeVisible()
    // The flow ends only once the codes are kept.
    expect(
      screen.getByRole('button', { name: 'I have saved these codes' })
    ).toBeDisabled()
    await keepRecoveryCodes()

    await waitFor(() =>
      expect(
        screen.queryByRole('list', { name: 'Recovery codes' })
      ).not.toBeInTheDocument()
    )
    expect(refresh).toHaveBeenCalled()
  })

  it('offers to try again when turning on fails after the right code', async () => {
    const { verifyOtp } = mockCodeRoundTrip()
    let calls = 0
    const enable = jest.fn((_vars, { ctx }) => {
      calls += 1
      if (calls === 1) {
        ctx.errors([
          { message: 'down', extensions: { code: 'SERVICE_UNAVAILABLE' } },
        ])
        return undefined
      }
      return { enableTwoFactorAuth: { ...result(), recoveryCodes: CODES } }
    })
    mockGraphQLMutation('EnableTwoFactorAuthMutation', enable)
    renderSettings(status())

    // A number waiting for its code, from an earlier visit.
    await userEvent.click(screen.getByRole('button', { name: 'Send code' }))
    await enterCode()
    await waitFor(() => expect(verifyOtp).toHaveBeenCalled())
    await waitFor(() => expect(enable).toHaveBeenCalledTimes(1))

    await userEvent.click(
      await screen.findByRole('button', { name: 'Turn on two-factor' })
    )
    expect(await screen.findByText(CODES[0])).toBeInTheDocument()
    expect(enable).toHaveBeenCalledTimes(2)
  })

  it('saves a new number in E.164', async () => {
    const setPhone = jest.fn(() => ({ setPhoneNumber: result() }))
    mockGraphQLMutation('SetPhoneNumberMutation', setPhone)
    const { requestOtp } = mockCodeRoundTrip()

    render(
      <SecuritySettings
        email="ada@example.com"
        status={status({ phoneNumberHint: null, pendingPhoneNumberHint: null })}
        refresh={jest.fn(async () => undefined)}
      />
    )

    await userEvent.selectOptions(await screen.findByLabelText('Country'), 'US')
    await userEvent.type(screen.getByLabelText('Mobile number'), '2015550123')
    await userEvent.click(screen.getByRole('button', { name: 'Send code' }))

    await waitFor(() =>
      expect(setPhone).toHaveBeenCalledWith(
        { phoneNumber: '+12015550123' },
        expect.anything()
      )
    )
    // And the code goes out to it at once.
    await waitFor(() => expect(requestOtp).toHaveBeenCalledTimes(1))
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

    await turnOff()
    expect(await screen.findByText('Confirm it is you')).toBeInTheDocument()
    await waitFor(() => expect(requestOtp).toHaveBeenCalledTimes(1))
    expect(disable).not.toHaveBeenCalled()

    await enterCode()
    await waitFor(() => expect(disable).toHaveBeenCalledTimes(1))
    expect(verifyOtp).toHaveBeenCalledTimes(1)
  })

  it('turning off first says what the account loses, and Cancel keeps everything', async () => {
    const disable = jest.fn(() => ({ disableTwoFactorAuth: result() }))
    mockGraphQLMutation('DisableTwoFactorAuthMutation', disable)
    renderSettings(
      protectedStatus({
        methods: ['SMS', 'TOTP', 'RECOVERY_CODE'],
        recoveryCodesRemaining: 7,
        freshUntil: freshFor10Minutes(),
      })
    )

    await userEvent.click(
      screen.getByRole('button', { name: 'Turn off two-factor' })
    )

    const losses = screen.getByRole('list', { name: 'Your account loses:' })
    expect(
      within(losses)
        .getAllByRole('listitem')
        .map((item) => item.textContent)
    ).toEqual([
      'Codes texted to +1******1212',
      'Codes from your authenticator app',
      'Your 7 unused recovery codes',
    ])
    expect(
      screen.getByText(/your password alone signs you in/)
    ).toBeInTheDocument()
    expect(
      screen.getByRole('button', { name: 'Turn off two-factor authentication' })
    ).toHaveFocus()

    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(disable).not.toHaveBeenCalled()
    expect(
      screen.getByRole('button', { name: 'Turn off two-factor' })
    ).toBeInTheDocument()
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

    await turnOff()
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

    await turnOff()
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

  describe('what is on', () => {
    it('lists each method with what can be done with it', () => {
      renderSettings(
        protectedStatus({
          methods: ['SMS', 'TOTP', 'RECOVERY_CODE'],
          recoveryCodesRemaining: 7,
        })
      )

      const sms = screen.getByRole('region', { name: 'Text message' })
      expect(sms).toHaveTextContent(
        'Codes are texted to •••\u2011•••\u20111212.'
      )
      expect(
        within(sms).getByRole('button', { name: 'Remove phone number' })
      ).toBeEnabled()
      const app = screen.getByRole('region', { name: 'Authenticator app' })
      expect(app).toHaveTextContent('In use')
      expect(
        within(app).getByRole('button', { name: 'Remove authenticator app' })
      ).toBeEnabled()
      expect(
        screen.getByRole('region', { name: 'Recovery codes' })
      ).toHaveTextContent('7 unused recovery codes.')
    })

    it('warns when no recovery codes are left', () => {
      renderSettings(protectedStatus({ recoveryCodesRemaining: 0 }))

      expect(
        screen.getByRole('region', { name: 'Recovery codes' })
      ).toHaveTextContent('No recovery codes left.')
    })

    it('shows a number waiting for its code as such, beside the one in use, and cancels it', async () => {
      const cancel = jest.fn(() => ({ cancelPhoneNumberChange: result() }))
      mockGraphQLMutation('CancelPhoneNumberChangeMutation', cancel)
      const refresh = renderSettings(
        protectedStatus({ pendingPhoneNumberHint: '+44*******0123' })
      )

      const sms = screen.getByRole('region', { name: 'Text message' })
      expect(sms).toHaveTextContent(
        'Codes are texted to •••\u2011•••\u20111212.'
      )
      expect(sms).toHaveTextContent(
        'New number +44 ••• •••• 0123 is waiting for its code'
      )
      const cancelButton = within(sms).getByRole('button', { name: 'Cancel' })
      expect(cancelButton).toHaveAccessibleDescription(
        /New number \+44\u00a0•••\u00a0••••\u00a00123 is waiting for its code/
      )

      await userEvent.click(cancelButton)

      await waitFor(() => expect(cancel).toHaveBeenCalledTimes(1))
      expect(refresh).toHaveBeenCalled()
    })

    it('texts the waiting number when asked to send its code', async () => {
      const { requestOtp } = mockCodeRoundTrip()
      renderSettings(
        protectedStatus({ pendingPhoneNumberHint: '+44*******0123' })
      )

      await userEvent.click(screen.getByRole('button', { name: 'Send code' }))

      expect(
        await screen.findByText(
          'We texted a 6-digit code to +44 ••• •••• 0123.'
        )
      ).toBeInTheDocument()
      expect(requestOtp).toHaveBeenCalledTimes(1)
    })
  })

  describe('authenticator app', () => {
    it('as the first factor: scan, confirm, then keep the recovery codes', async () => {
      mockGraphQLMutation('StartTotpEnrollmentMutation', () =>
        startTotpEnrollmentResult()
      )
      const confirm = jest.fn(() => ({
        confirmTotpEnrollment: { ...result(), recoveryCodes: CODES },
      }))
      mockGraphQLMutation('ConfirmTotpEnrollmentMutation', confirm)
      const generate = mockGenerateRecoveryCodes()
      const refresh = renderSettings(
        status({ phoneNumberHint: null, pendingPhoneNumberHint: null })
      )

      await userEvent.click(
        screen.getByRole('button', { name: 'Add authenticator app' })
      )
      expect(await screen.findByLabelText('Setup key')).toHaveValue(
        'JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP'
      )
      expect(SECRET).toHaveLength(32)
      await userEvent.type(screen.getByLabelText('Code from the app'), '123456')

      expect(await screen.findByText(CODES[9])).toBeInTheDocument()
      expect(confirm).toHaveBeenCalledWith(
        { code: '123456' },
        expect.anything()
      )
      expect(generate).not.toHaveBeenCalled()
      expect(screen.getByText('On')).toBeInTheDocument()
      expect(
        screen.getByRole('button', { name: 'I have saved these codes' })
      ).toBeDisabled()

      await keepRecoveryCodes()
      await waitFor(() => expect(refresh).toHaveBeenCalled())
      expect(screen.queryByText(CODES[9])).not.toBeInTheDocument()
    })

    it('on a protected account: verifies with any method first, then sets the app up', async () => {
      const { requestOtp } = mockCodeRoundTrip()
      const verify = jest.fn(() => ({ verifySecondFactor: result() }))
      mockGraphQLMutation('VerifySecondFactorMutation', verify)
      const start = jest.fn(() => startTotpEnrollmentResult())
      mockGraphQLMutation('StartTotpEnrollmentMutation', start)
      const confirm = jest.fn(() => ({ confirmTotpEnrollment: result() }))
      mockGraphQLMutation('ConfirmTotpEnrollmentMutation', confirm)
      const generate = mockGenerateRecoveryCodes()
      const refresh = renderSettings(protectedStatus())

      await userEvent.click(
        screen.getByRole('button', { name: 'Add authenticator app' })
      )
      expect(
        await screen.findByRole('heading', { name: 'Confirm it is you' })
      ).toBeInTheDocument()
      expect(start).not.toHaveBeenCalled()
      await waitFor(() => expect(requestOtp).toHaveBeenCalledTimes(1))
      // Once the code is on its way, the cursor waits in its field.
      await waitFor(() =>
        expect(screen.getByLabelText('Verification code')).toHaveFocus()
      )

      await userEvent.click(
        screen.getByRole('button', { name: 'Try another way' })
      )
      await userEvent.click(
        screen.getByRole('button', { name: 'Use a recovery code' })
      )
      await userEvent.type(
        screen.getByLabelText('Recovery code'),
        'ABCDE-FGHJK{Enter}'
      )

      await waitFor(() => expect(start).toHaveBeenCalledTimes(1))
      expect(verify).toHaveBeenCalledWith(
        { method: 'RECOVERY_CODE', code: 'abcdefghjk' },
        expect.anything()
      )
      await userEvent.type(
        await screen.findByLabelText('Code from the app'),
        '123456'
      )
      await waitFor(() => expect(confirm).toHaveBeenCalledTimes(1))
      await waitFor(() =>
        expect(
          screen.getByRole('button', { name: 'Add authenticator app' })
        ).toBeInTheDocument()
      )
      // Already protected: the recovery codes it had stay as they were.
      expect(generate).not.toHaveBeenCalled()
      expect(refresh).toHaveBeenCalled()
    })

    it('goes back to verifying when the server says the session is no longer fresh', async () => {
      mockCodeRoundTrip()
      let starts = 0
      mockGraphQLMutation('StartTotpEnrollmentMutation', (vars, ctx) => {
        starts += 1
        return starts === 1
          ? refusal('FRESH_SECOND_FACTOR_REQUIRED')(vars, ctx)
          : startTotpEnrollmentResult()
      })
      renderSettings(protectedStatus({ freshUntil: freshFor10Minutes() }))

      await userEvent.click(
        screen.getByRole('button', { name: 'Add authenticator app' })
      )
      expect(
        await screen.findByRole('heading', { name: 'Confirm it is you' })
      ).toBeInTheDocument()
      await enterCode()

      expect(await screen.findByLabelText('Setup key')).toBeInTheDocument()
      expect(starts).toBe(2)
    })

    it('removes the app after a confirmation that says 2FA goes off with it', async () => {
      const remove = jest.fn(() => ({ removeTotp: result() }))
      mockGraphQLMutation('RemoveTotpMutation', remove)
      const refresh = renderSettings(
        protectedStatus({
          methods: ['TOTP', 'RECOVERY_CODE'],
          phoneNumberHint: null,
          freshUntil: freshFor10Minutes(),
        })
      )

      await userEvent.click(
        screen.getByRole('button', { name: 'Remove authenticator app' })
      )
      expect(
        screen.getByText(/Two-factor authentication will then be off/)
      ).toBeInTheDocument()
      expect(remove).not.toHaveBeenCalled()
      const confirmButton = screen.getByRole('button', {
        name: 'Remove authenticator app',
      })
      expect(confirmButton).toHaveFocus()
      await userEvent.click(confirmButton)

      await waitFor(() => expect(remove).toHaveBeenCalledTimes(1))
      expect(refresh).toHaveBeenCalled()
    })
  })

  describe('phone number', () => {
    it('removes the number without warning while an app remains', async () => {
      const remove = jest.fn(() => ({ removePhoneNumber: result() }))
      mockGraphQLMutation('RemovePhoneNumberMutation', remove)
      renderSettings(
        protectedStatus({
          methods: ['SMS', 'TOTP', 'RECOVERY_CODE'],
          freshUntil: freshFor10Minutes(),
        })
      )

      await userEvent.click(
        screen.getByRole('button', { name: 'Remove phone number' })
      )
      expect(
        screen.queryByText(/Two-factor authentication will then be off/)
      ).not.toBeInTheDocument()
      await userEvent.click(
        screen.getByRole('button', { name: 'Remove phone number' })
      )

      await waitFor(() => expect(remove).toHaveBeenCalledTimes(1))
    })

    it('asks for a fresh factor when the server wants one, then removes it', async () => {
      mockCodeRoundTrip()
      let calls = 0
      mockGraphQLMutation('RemovePhoneNumberMutation', (vars, ctx) => {
        calls += 1
        return calls === 1
          ? refusal('FRESH_SECOND_FACTOR_REQUIRED')(vars, ctx)
          : { removePhoneNumber: result() }
      })
      renderSettings(protectedStatus({ freshUntil: freshFor10Minutes() }))

      await userEvent.click(
        screen.getByRole('button', { name: 'Remove phone number' })
      )
      await userEvent.click(
        screen.getByRole('button', { name: 'Remove phone number' })
      )
      expect(
        await screen.findByRole('heading', { name: 'Confirm it is you' })
      ).toBeInTheDocument()
      await enterCode()

      await waitFor(() => expect(calls).toBe(2))
    })
  })

  describe('recovery codes', () => {
    it('generates a new set after a confirmation, and shows it once', async () => {
      const generate = mockGenerateRecoveryCodes()
      renderSettings(protectedStatus({ freshUntil: freshFor10Minutes() }))

      await userEvent.click(
        screen.getByRole('button', { name: 'Generate new codes' })
      )
      expect(
        screen.getByText(/Your current codes stop working at once/)
      ).toBeInTheDocument()
      expect(generate).not.toHaveBeenCalled()
      await userEvent.click(
        screen.getByRole('button', { name: 'Generate new codes' })
      )

      expect(await screen.findByText(CODES[0])).toBeInTheDocument()
      expect(
        screen.getByText(/Your earlier recovery codes no longer work\./)
      ).toBeInTheDocument()
      expect(generate).toHaveBeenCalledTimes(1)
    })

    it('verifies first when the last verification is not fresh', async () => {
      const { requestOtp } = mockCodeRoundTrip()
      const generate = mockGenerateRecoveryCodes()
      renderSettings(protectedStatus({ recoveryCodesRemaining: 0 }))

      // With none left there is nothing to confirm replacing.
      await userEvent.click(
        screen.getByRole('button', { name: 'Generate new codes' })
      )
      expect(
        await screen.findByRole('heading', { name: 'Confirm it is you' })
      ).toBeInTheDocument()
      await waitFor(() => expect(requestOtp).toHaveBeenCalledTimes(1))
      expect(generate).not.toHaveBeenCalled()

      await enterCode()

      expect(await screen.findByText(CODES[0])).toBeInTheDocument()
    })

    it('offers only the methods the account has when confirming it is you', async () => {
      mockCodeRoundTrip()
      renderSettings(protectedStatus({ recoveryCodesRemaining: 0 }))

      await userEvent.click(
        screen.getByRole('button', { name: 'Generate new codes' })
      )
      await userEvent.click(
        await screen.findByRole('button', { name: 'Try another way' })
      )

      expect(
        screen.getByRole('button', { name: 'Use a recovery code' })
      ).toBeInTheDocument()
      expect(
        screen.queryByRole('button', { name: 'Use your authenticator app' })
      ).not.toBeInTheDocument()
    })
  })
})
