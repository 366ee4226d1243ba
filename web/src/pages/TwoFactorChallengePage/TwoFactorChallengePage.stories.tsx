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
