import type { Meta, StoryObj } from '@storybook/react'

import RecoveryCodesDisplay from './RecoveryCodesDisplay'
import { CODES } from './RecoveryCodesDisplay.mock'

const meta: Meta<typeof RecoveryCodesDisplay> = {
  component: RecoveryCodesDisplay,
  args: {
    codes: CODES,
    accountName: 'ada@example.com',
    onDone: () => console.info('kept'),
  },
}

export default meta

type Story = StoryObj<typeof RecoveryCodesDisplay>

export const AsTwoFactorGoesOn: Story = { args: { firstTime: true } }

export const Regenerated: Story = {}
