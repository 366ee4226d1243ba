import { render, screen } from '@redwoodjs/testing/web'

import DashboardPage from './DashboardPage'

describe('DashboardPage', () => {
  it('shows who is signed in and links to the security settings', () => {
    mockCurrentUser({
      id: 7,
      email: 'grace@example.com',
      secondFactorPending: false,
    })
    render(<DashboardPage />)

    expect(screen.getByText('grace@example.com')).toBeInTheDocument()
    expect(
      screen.getByRole('link', { name: 'Manage two-factor authentication' })
    ).toHaveAttribute('href', '/settings/security')
  })
})
