import type { Meta, StoryObj } from '@storybook/react'

import TwoFactorChallengePage from './TwoFactorChallengePage'

const pendingUser = () =>
  mockCurrentUser({
    id: 1,
    email: 'ada@example.com',
    secondFactorPending: true,
  })

const statusWith = (overrides: Record<string, unknown>) => () =>
  mockGraphQLQuery('TwoFactorChallengeStatusQuery', () => ({
    twoFactorStatus: {
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
  }))

const meta: Meta<typeof TwoFactorChallengePage> = {
  component: TwoFactorChallengePage,
}

export default meta

type Story = StoryObj<typeof TwoFactorChallengePage>

export const SendsACodeOnArrival: Story = {
  render: () => {
    pendingUser()
    statusWith({})()
    mockGraphQLMutation('RequestOtpMutation', () => ({
      requestOtp: { success: true, message: null, retryAfterSeconds: 30 },
    }))
    return <TwoFactorChallengePage />
  },
}

export const CodeSentMomentsAgo: Story = {
  render: () => {
    pendingUser()
    statusWith({ codeExpiresInSeconds: 290, resendAvailableInSeconds: 50 })()
    return <TwoFactorChallengePage />
  },
}

export const SmsProviderDown: Story = {
  render: () => {
    pendingUser()
    statusWith({})()
    mockGraphQLMutation('RequestOtpMutation', (_vars, { ctx }) => {
      ctx.errors([{ message: 'down', extensions: { code: 'SMS_SEND_FAILED' } }])
      return undefined
    })
    return <TwoFactorChallengePage />
  },
}

export const AuthenticatorAppUsedLast: Story = {
  render: () => {
    pendingUser()
    statusWith({
      methods: ['SMS', 'TOTP', 'RECOVERY_CODE'],
      preferredMethod: 'TOTP',
    })()
    mockGraphQLMutation('VerifySecondFactorMutation', (_vars, { ctx }) => {
      ctx.errors([{ message: 'wrong', extensions: { code: 'OTP_INVALID' } }])
      return undefined
    })
    return <TwoFactorChallengePage />
  },
}

export const LockedWithRecoveryCodesLeft: Story = {
  render: () => {
    pendingUser()
    statusWith({
      methods: ['TOTP', 'RECOVERY_CODE'],
      preferredMethod: 'TOTP',
    })()
    mockGraphQLMutation('VerifySecondFactorMutation', (_vars, { ctx }) => {
      ctx.errors([
        {
          message: 'locked',
          extensions: { code: 'TWO_FACTOR_LOCKED', retryAfterSeconds: 840 },
        },
      ])
      return undefined
    })
    return <TwoFactorChallengePage />
  },
}
