import { navigate } from '@redwoodjs/router'
import { act, render, screen, waitFor } from '@redwoodjs/testing/web'
import { toast } from '@redwoodjs/web/toast'

import { toastOnNextPage } from 'src/lib/toasts'

import Toasts from './Toasts'

describe('Toasts', () => {
  afterEach(() => act(() => toast.remove()))

  it('shows messages in a polite live region of the page, with a way to dismiss them', async () => {
    render(<Toasts />)

    act(() => {
      toast.success('Phone number saved.')
    })

    const message = await screen.findByText('Phone number saved.')
    expect(message.closest('[aria-live="polite"]')).not.toBeNull()
    // In the flow of the page, not floating over it.
    expect(message.closest('[style*="position: fixed"]')).toBeNull()

    act(() => screen.getByRole('button', { name: 'Dismiss' }).click())
    expect(screen.queryByText('Phone number saved.')).not.toBeInTheDocument()
  })

  it('drops what one page said when the route changes, but keeps a message meant for the next page once', async () => {
    render(<Toasts />)

    act(() => {
      toast.error('Incorrect email or password')
      toastOnNextPage('success', 'Welcome!')
    })
    await screen.findByText('Incorrect email or password')

    act(() => navigate('/dashboard'))

    await waitFor(() =>
      expect(
        screen.queryByText('Incorrect email or password')
      ).not.toBeInTheDocument()
    )
    expect(screen.getByText('Welcome!')).toBeInTheDocument()

    act(() => navigate('/settings/security'))

    await waitFor(() =>
      expect(screen.queryByText('Welcome!')).not.toBeInTheDocument()
    )
  })
})
