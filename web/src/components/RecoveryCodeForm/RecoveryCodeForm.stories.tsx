import type { Meta, StoryObj } from '@storybook/react'

import RecoveryCodeForm from './RecoveryCodeForm'

const errorWith = (code: string) => ({
  graphQLErrors: [{ message: code, extensions: { code } }],
})

const meta: Meta<typeof RecoveryCodeForm> = {
  component: RecoveryCodeForm,
  args: { onSubmit: (code: string) => console.info('verify', code) },
}

export default meta

type Story = StoryObj<typeof RecoveryCodeForm>

export const Empty: Story = {}

export const Checking: Story = { args: { verifying: true } }

export const UsedOrWrong: Story = {
  args: { error: errorWith('RECOVERY_CODE_INVALID') },
}

export const TooManyTries: Story = {
  args: { error: errorWith('RECOVERY_CODE_ATTEMPTS_EXCEEDED') },
}
