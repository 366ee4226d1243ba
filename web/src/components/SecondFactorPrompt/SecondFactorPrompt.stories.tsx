import type { Meta, StoryObj } from '@storybook/react'

import SecondFactorPrompt from './SecondFactorPrompt'

const refuse =
  (code: string) =>
  (_vars: unknown, { ctx }) => {
    ctx.errors([{ message: code, extensions: { code } }])
    return undefined
  }

const meta: Meta<typeof SecondFactorPrompt> = {
  component: SecondFactorPrompt,
  args: {
    methods: ['SMS', 'TOTP', 'RECOVERY_CODE'],
    preferredMethod: 'TOTP',
    phoneNumberHint: '+1******1212',
    onVerified: (method) => console.info('verified with', method),
  },
}

export default meta

type Story = StoryObj<typeof SecondFactorPrompt>

export const AppFirst: Story = {
  render: (args) => {
    mockGraphQLMutation('VerifySecondFactorMutation', refuse('OTP_INVALID'))
    mockGraphQLMutation('RequestOtpMutation', () => ({
      requestOtp: { success: true, message: null, retryAfterSeconds: 30 },
    }))
    return <SecondFactorPrompt {...args} />
  },
}

export const TextMessageOnly: Story = {
  args: {
    methods: ['SMS'],
    preferredMethod: 'SMS',
    liveCode: {
      sentAt: Date.now() - 35_000,
      expiresAt: Date.now() + 265_000,
      resendAvailableInSeconds: 25,
    },
  },
}

export const RecoveryCodeRefused: Story = {
  args: { methods: ['RECOVERY_CODE', 'TOTP'], preferredMethod: 'TOTP' },
  render: (args) => {
    mockGraphQLMutation(
      'VerifySecondFactorMutation',
      refuse('RECOVERY_CODE_INVALID')
    )
    return <SecondFactorPrompt {...args} />
  },
}
