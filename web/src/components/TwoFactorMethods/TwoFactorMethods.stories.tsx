import type { Meta, StoryObj } from '@storybook/react'

import {
  appOnlyWithoutRecoveryCodes,
  enabled,
  enabledWithApp,
  enabledWithPendingNumber,
  withPhone,
} from 'src/components/SecuritySettingsCell/SecuritySettingsCell.mock'

import TwoFactorMethods from './TwoFactorMethods'

const meta: Meta<typeof TwoFactorMethods> = {
  component: TwoFactorMethods,
  args: { onAction: (action) => console.info(action) },
}

export default meta

type Story = StoryObj<typeof TwoFactorMethods>

export const NumberWaitingForItsCode: Story = {
  args: { status: withPhone().twoFactorStatus },
}

export const TextMessageOnly: Story = {
  args: { status: enabled().twoFactorStatus },
}

export const TextMessageAndApp: Story = {
  args: { status: enabledWithApp().twoFactorStatus },
}

export const NewNumberWaiting: Story = {
  args: { status: enabledWithPendingNumber().twoFactorStatus },
}

export const AppOnlyNoRecoveryCodes: Story = {
  args: { status: appOnlyWithoutRecoveryCodes().twoFactorStatus },
}

export const TurningOff: Story = {
  args: { status: enabledWithApp().twoFactorStatus, busy: 'disable' },
}
