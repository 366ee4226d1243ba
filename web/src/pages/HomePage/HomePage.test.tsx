import { render, screen } from '@redwoodjs/testing/web'

import HomePage from './HomePage'

describe('HomePage', () => {
  it('offers sign up and log in to visitors', () => {
    mockCurrentUser(null)
    render(<HomePage />)

    expect(screen.getByRole('link', { name: 'Sign up' })).toHaveAttribute(
      'href',
      '/signup'
    )
    expect(screen.getByRole('link', { name: 'Log in' })).toHaveAttribute(
      'href',
      '/login'
    )
  })

  it('points signed-in people at their dashboard', () => {
    mockCurrentUser({
      id: 1,
      email: 'ada@example.com',
      secondFactorPending: false,
    })
    render(<HomePage />)

    expect(
      screen.getByRole('link', { name: 'Go to your dashboard' })
    ).toHaveAttribute('href', '/dashboard')
    expect(
      screen.queryByRole('link', { name: 'Sign up' })
    ).not.toBeInTheDocument()
  })
})
