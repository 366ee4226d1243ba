import { render, screen, waitFor } from '@redwoodjs/testing/web'

import RequireSecondFactor from './RequireSecondFactor'

const renderAt = (path: string) => {
  window.history.replaceState({}, '', path)
  return render(
    <RequireSecondFactor>
      <p>private content</p>
    </RequireSecondFactor>
  )
}

describe('RequireSecondFactor', () => {
  afterEach(() => window.history.replaceState({}, '', '/'))

  it('sends a session that still owes its code to the challenge, keeping the destination', async () => {
    mockCurrentUser({
      id: 1,
      email: 'ada@example.com',
      secondFactorPending: true,
    })

    renderAt('/dashboard?tab=keys')

    expect(screen.queryByText('private content')).not.toBeInTheDocument()
    await waitFor(() => expect(window.location.pathname).toBe('/2fa-challenge'))
    expect(new URLSearchParams(window.location.search).get('redirectTo')).toBe(
      '/dashboard?tab=keys'
    )
  })

  it('lets a fully signed-in session through', () => {
    mockCurrentUser({
      id: 1,
      email: 'ada@example.com',
      secondFactorPending: false,
    })

    renderAt('/settings/security')

    expect(screen.getByText('private content')).toBeInTheDocument()
    expect(window.location.pathname).toBe('/settings/security')
  })

  it('treats a user without the flag as fully signed in', () => {
    // An older API that never sends the flag must not lock people out.
    const withoutFlag = { id: 1, email: 'ada@example.com' }
    mockCurrentUser(withoutFlag as Parameters<typeof mockCurrentUser>[0])

    renderAt('/dashboard')

    expect(screen.getByText('private content')).toBeInTheDocument()
  })
})
