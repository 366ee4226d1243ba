import type { Meta, StoryObj } from '@storybook/react'

import OtpInputForm from './OtpInputForm'

const errorWith = (code: string, retryAfterSeconds?: number) => ({
  graphQLErrors: [{ message: code, extensions: { code, retryAfterSeconds } }],
})

const meta: Meta<typeof OtpInputForm> = {
  component: OtpInputForm,
  args: {
    onSubmit: (code: string) => console.info('verify', code),
    onResend: () => console.info('resend'),
    description: 'We texted a code to +1******1212.',
  },
}

export default meta

type Story = StoryObj<typeof OtpInputForm>

export const ReadyToResend: Story = {
  args: { resendAvailableInSeconds: 0 },
}

export const ResendCountdown: Story = {
  args: { resendAvailableInSeconds: 30 },
}

export const Verifying: Story = {
  args: { verifying: true, resendAvailableInSeconds: 20 },
}

export const Resending: Story = {
  args: { resending: true },
}

export const WrongCode: Story = {
  args: { error: errorWith('OTP_INVALID'), resendAvailableInSeconds: 12 },
}

export const CodeExpired: Story = {
  args: { error: errorWith('OTP_EXPIRED') },
}

export const Locked: Story = {
  args: { error: errorWith('TWO_FACTOR_LOCKED', 900) },
}

export const RateLimited: Story = {
  args: {
    error: errorWith('RATE_LIMITED', 45),
    resendAvailableInSeconds: 45,
  },
}

export const SmsFailed: Story = {
  args: { error: errorWith('SMS_SEND_FAILED') },
}
