import userEvent from '@testing-library/user-event'

import { render, screen, within } from '@redwoodjs/testing/web'

import {
  appOnlyWithoutRecoveryCodes,
  enabled,
  enabledWithApp,
  enabledWithPendingNumber,
  standard,
  withPhone,
} from 'src/components/SecuritySettingsCell/SecuritySettingsCell.mock'
import type { TwoFactorStatus } from 'src/lib/twoFactorGraphql'

import TwoFactorMethods, { phoneNumbers } from './TwoFactorMethods'

const statusOf = (mock: () => { twoFactorStatus: TwoFactorStatus | null }) =>
  mock().twoFactorStatus as TwoFactorStatus

const buttonsIn = (region: string) =>
  within(screen.getByRole('region', { name: region }))
    .queryAllByRole('button')
    .map((button) => button.textContent)

describe('TwoFactorMethods', () => {
  it.each([
    ['nothing set up', standard, { inUse: null, pending: null }],
    ['a number waiting', withPhone, { inUse: null, pending: '+1******1212' }],
    ['a number in use', enabled, { inUse: '+1******1212', pending: null }],
    [
      'a new number waiting beside the one in use',
      enabledWithPendingNumber,
      { inUse: '+1******1212', pending: '+44*******0123' },
    ],
  ])('tells the numbers apart with %s', (_, mock, expected) => {
    expect(phoneNumbers(statusOf(mock))).toEqual(expected)
  })

  it('offers to add what is missing and to remove what is there', () => {
    render(
      <TwoFactorMethods
        status={statusOf(appOnlyWithoutRecoveryCodes)}
        onAction={jest.fn()}
        addPhone={<p>phone form</p>}
      />
    )

    expect(screen.getByText('phone form')).toBeInTheDocument()
    expect(buttonsIn('Authenticator app')).toEqual(['Remove authenticator app'])
    expect(buttonsIn('Recovery codes')).toEqual(['Generate new codes'])
    expect(
      screen.getByRole('button', { name: 'Turn off two-factor' })
    ).toBeInTheDocument()
  })

  it('has no recovery codes or off switch while two-factor is off', () => {
    render(
      <TwoFactorMethods status={statusOf(withPhone)} onAction={jest.fn()} />
    )

    expect(buttonsIn('Text message')).toEqual([
      'Send code',
      'Cancel',
      'Change number',
    ])
    expect(buttonsIn('Authenticator app')).toEqual(['Add authenticator app'])
    expect(
      screen.queryByRole('region', { name: 'Recovery codes' })
    ).not.toBeInTheDocument()
    expect(
      screen.queryByRole('button', { name: 'Turn off two-factor' })
    ).not.toBeInTheDocument()
  })

  it('reports which action was chosen', async () => {
    const onAction = jest.fn()
    render(
      <TwoFactorMethods status={statusOf(enabledWithApp)} onAction={onAction} />
    )

    await userEvent.click(
      screen.getByRole('button', { name: 'Remove phone number' })
    )
    await userEvent.click(
      screen.getByRole('button', { name: 'Generate new codes' })
    )

    expect(onAction.mock.calls).toEqual([['removePhone'], ['newRecoveryCodes']])
  })

  it('holds every button while one request is in flight, and says which', () => {
    render(
      <TwoFactorMethods
        status={statusOf(enabledWithApp)}
        onAction={jest.fn()}
        busy="disable"
      />
    )

    const off = screen.getByRole('button', { name: 'Turning off…' })
    expect(off).toHaveAttribute('aria-busy', 'true')
    for (const button of screen.getAllByRole('button')) {
      expect(button).toBeDisabled()
    }
  })
})
