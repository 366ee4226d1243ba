import { render, screen } from '@redwoodjs/testing/web'

import { Loading, Empty, Failure, Success } from './SecuritySettingsCell'
import {
  enabled,
  enabledWithApp,
  standard,
  withPhone,
} from './SecuritySettingsCell.mock'

describe('SecuritySettingsCell', () => {
  it('announces loading', () => {
    render(<Loading />)
    expect(screen.getByRole('status')).toHaveTextContent('Loading')
  })

  it('explains an empty answer', () => {
    render(<Empty />)
    expect(screen.getByRole('status')).toHaveTextContent('not available')
  })

  it('shows the mapped message on failure, not the server text', () => {
    const error = Object.assign(new Error('redis down at 10.0.0.3'), {
      graphQLErrors: [{ extensions: { code: 'SERVICE_UNAVAILABLE' } }],
    })
    render(<Failure error={error} />)

    expect(screen.getByRole('alert')).toHaveTextContent(
      'Verification is temporarily unavailable'
    )
    expect(screen.queryByText(/10\.0\.0\.3/)).not.toBeInTheDocument()
  })

  it('asks for a phone number when there is none', async () => {
    render(<Success {...standard()} />)

    expect(screen.getByText('Add a phone number')).toBeInTheDocument()
    // The form (and its phone-number metadata) loads when it is needed.
    expect(await screen.findByLabelText('Mobile number')).toBeInTheDocument()
  })

  it('offers to send a code once a number is saved', () => {
    render(<Success {...withPhone()} />)

    expect(screen.getByText('•••\u2011•••\u20111212')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Send code' })).toBeEnabled()
    expect(
      screen.queryByRole('button', { name: 'Turn off two-factor' })
    ).not.toBeInTheDocument()
  })

  it('shows the masked number and the way to turn it off when on', () => {
    render(<Success {...enabled()} />)

    expect(
      screen.getByText('Two-factor authentication', { selector: 'dt' })
        .nextElementSibling
    ).toHaveTextContent('On')
    expect(
      screen.getByRole('button', { name: 'Turn off two-factor' })
    ).toBeEnabled()
    expect(
      screen.queryByRole('button', { name: 'Send code' })
    ).not.toBeInTheDocument()
  })

  it('offers an authenticator app beside the phone number', () => {
    render(<Success {...standard()} />)

    expect(
      screen.getByRole('button', { name: 'Add authenticator app' })
    ).toBeEnabled()
  })

  it('shows every method in use and the recovery codes left', () => {
    render(<Success {...enabledWithApp()} />)

    expect(screen.getByText('•••\u2011•••\u20111212')).toBeInTheDocument()
    expect(
      screen.getByRole('button', { name: 'Remove authenticator app' })
    ).toBeEnabled()
    expect(screen.getByText(/7 unused recovery codes\./)).toBeInTheDocument()
  })
})
