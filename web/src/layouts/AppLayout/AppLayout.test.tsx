import { render, screen } from '@redwoodjs/testing/web'

import AppLayout from './AppLayout'

describe('AppLayout', () => {
  it('shows log in and sign up links to visitors', () => {
    mockCurrentUser(null)
    render(<AppLayout>content</AppLayout>)

    expect(screen.getByRole('link', { name: 'Redwood 2FA' })).toBeVisible()
    expect(screen.getByRole('link', { name: 'Log in' })).toBeVisible()
    expect(
      screen.queryByRole('button', { name: 'Log out' })
    ).not.toBeInTheDocument()
    expect(screen.getByRole('main')).toHaveTextContent('content')
  })

  it('shows the account links and a log out button to a signed-in user', () => {
    mockCurrentUser({
      id: 1,
      email: 'ada@example.com',
      secondFactorPending: false,
    })
    render(<AppLayout />)

    expect(screen.getByRole('link', { name: 'Dashboard' })).toBeVisible()
    expect(screen.getByRole('link', { name: 'Security' })).toBeVisible()
    expect(screen.getByRole('button', { name: 'Log out' })).toBeVisible()
  })

  it('offers only log out while the second factor is still owed', () => {
    mockCurrentUser({
      id: 1,
      email: 'ada@example.com',
      secondFactorPending: true,
    })
    render(<AppLayout />)

    expect(
      screen.queryByRole('link', { name: 'Dashboard' })
    ).not.toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Log out' })).toBeVisible()
  })
})
