import userEvent from '@testing-library/user-event'

import { render, screen, waitFor, within } from '@redwoodjs/testing/web'

import DevSmsInboxPage from './DevSmsInboxPage'

const answer = (status: number, body: unknown) =>
  Promise.resolve(
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    })
  )

const mockFetch = jest.fn()

beforeEach(() => {
  mockFetch.mockReset()
  global.fetch = mockFetch
})

describe('DevSmsInboxPage', () => {
  it('lists the texts the api sent, newest first, from GET /devSmsInbox', async () => {
    mockFetch.mockReturnValue(
      answer(200, {
        messages: [
          {
            to: '+1******0123',
            text: '222222 is your Redwood 2FA code.',
            sentAt: '2026-01-01T10:01:00.000Z',
          },
          {
            to: '+1******0123',
            text: '111111 is your Redwood 2FA code.',
            sentAt: '2026-01-01T10:00:00.000Z',
          },
        ],
      })
    )
    render(<DevSmsInboxPage />)

    const list = await screen.findByRole('list', { name: 'Texts sent' })
    const items = within(list).getAllByRole('listitem')
    expect(items).toHaveLength(2)
    expect(items[0]).toHaveTextContent('222222 is your Redwood 2FA code.')
    expect(items[0]).toHaveTextContent('To +1******0123')
    expect(mockFetch).toHaveBeenCalledWith(
      `${window.RWJS_API_URL}/devSmsInbox`,
      expect.anything()
    )
  })

  it('says when nothing was sent yet, and shows a new text on refresh', async () => {
    mockFetch.mockReturnValueOnce(answer(200, { messages: [] }))
    render(<DevSmsInboxPage />)
    await screen.findByText('No texts yet. Ask for a code and it shows here.')

    mockFetch.mockReturnValueOnce(
      answer(200, {
        messages: [
          {
            to: '+1******0123',
            text: '333333 is your Redwood 2FA code.',
            sentAt: '2026-01-01T10:02:00.000Z',
          },
        ],
      })
    )
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }))
    await screen.findByText('333333 is your Redwood 2FA code.')
  })

  it('says so when the api does not serve the inbox', async () => {
    mockFetch.mockReturnValue(answer(404, { code: 'NOT_FOUND' }))
    render(<DevSmsInboxPage />)
    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent(
        'The api did not answer.'
      )
    )
  })
})
