import type { Meta, StoryObj } from '@storybook/react'

import TotpEnrollment from './TotpEnrollment'
import { startTotpEnrollmentResult } from './TotpEnrollment.mock'

const refuse =
  (code: string) =>
  (_vars: unknown, { ctx }) => {
    ctx.errors([{ message: code, extensions: { code } }])
    return undefined
  }

const meta: Meta<typeof TotpEnrollment> = {
  component: TotpEnrollment,
  args: {
    onConfirmed: () => console.info('confirmed'),
    onCancel: () => console.info('cancelled'),
    onFreshFactorRequired: () => console.info('fresh second factor needed'),
  },
}

export default meta

type Story = StoryObj<typeof TotpEnrollment>

export const ScanAndConfirm: Story = {
  render: (args) => {
    mockGraphQLMutation('StartTotpEnrollmentMutation', () =>
      startTotpEnrollmentResult()
    )
    mockGraphQLMutation('ConfirmTotpEnrollmentMutation', () => ({
      confirmTotpEnrollment: { success: true, message: null },
    }))
    return <TotpEnrollment {...args} />
  },
}

export const WrongCode: Story = {
  render: (args) => {
    mockGraphQLMutation('StartTotpEnrollmentMutation', () =>
      startTotpEnrollmentResult()
    )
    mockGraphQLMutation('ConfirmTotpEnrollmentMutation', refuse('OTP_INVALID'))
    return <TotpEnrollment {...args} />
  },
}

export const Expired: Story = {
  render: (args) => {
    mockGraphQLMutation('StartTotpEnrollmentMutation', () =>
      startTotpEnrollmentResult()
    )
    mockGraphQLMutation(
      'ConfirmTotpEnrollmentMutation',
      refuse('TOTP_ENROLLMENT_EXPIRED')
    )
    return <TotpEnrollment {...args} />
  },
}
