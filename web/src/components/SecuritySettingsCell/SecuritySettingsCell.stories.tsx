import type { Meta, StoryObj } from '@storybook/react'

import { Loading, Empty, Failure, Success } from './SecuritySettingsCell'
import {
  appOnlyWithoutRecoveryCodes,
  enabled,
  enabledAndFresh,
  enabledWithApp,
  enabledWithPendingNumber,
  standard,
  withPhone,
} from './SecuritySettingsCell.mock'

const meta: Meta = {
  title: 'Cells/SecuritySettingsCell',
  tags: ['autodocs'],
}

export default meta

const refetchable = { queryResult: { refetch: async () => undefined } }

export const loading: StoryObj<typeof Loading> = {
  render: () => (Loading ? <Loading /> : <></>),
}

export const empty: StoryObj<typeof Empty> = {
  render: () => (Empty ? <Empty /> : <></>),
}

export const failure: StoryObj<typeof Failure> = {
  render: (args) => (
    <Failure
      error={Object.assign(new Error('Unavailable'), {
        graphQLErrors: [{ extensions: { code: 'SERVICE_UNAVAILABLE' } }],
      })}
      {...args}
    />
  ),
}

export const successNoPhone: StoryObj<typeof Success> = {
  render: (args) => <Success {...standard()} {...refetchable} {...args} />,
}

export const successPhoneNotVerified: StoryObj<typeof Success> = {
  render: (args) => <Success {...withPhone()} {...refetchable} {...args} />,
}

export const successEnabled: StoryObj<typeof Success> = {
  render: (args) => <Success {...enabled()} {...refetchable} {...args} />,
}

export const successEnabledRecentlyVerified: StoryObj<typeof Success> = {
  render: (args) => (
    <Success {...enabledAndFresh()} {...refetchable} {...args} />
  ),
}

export const successWithApp: StoryObj<typeof Success> = {
  render: (args) => (
    <Success {...enabledWithApp()} {...refetchable} {...args} />
  ),
}

export const successNewNumberWaiting: StoryObj<typeof Success> = {
  render: (args) => (
    <Success {...enabledWithPendingNumber()} {...refetchable} {...args} />
  ),
}

export const successAppOnlyNoRecoveryCodes: StoryObj<typeof Success> = {
  render: (args) => (
    <Success {...appOnlyWithoutRecoveryCodes()} {...refetchable} {...args} />
  ),
}
