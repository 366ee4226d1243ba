import { useCallback, useEffect, useState } from 'react'

import { Metadata } from '@redwoodjs/web'

import { fetchDevSmsInbox, InboxMessage } from 'src/lib/devSmsInbox'

// Often enough that a code shows up while the person switches tabs.
const POLL_MS = 2000

const sentAt = (iso: string) => new Date(iso).toLocaleTimeString()

/**
 * Development only (the route exists only in `yarn rw dev` builds): the
 * texts the api sent, newest first, so a newcomer reads a code here instead
 * of in the api log.
 */
const DevSmsInboxPage = () => {
  const [messages, setMessages] = useState<InboxMessage[] | null>(null)
  const [failed, setFailed] = useState(false)

  const load = useCallback(async () => {
    try {
      setMessages(await fetchDevSmsInbox())
      setFailed(false)
    } catch {
      setFailed(true)
    }
  }, [])

  useEffect(() => {
    load()
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') {
        load()
      }
    }, POLL_MS)
    return () => clearInterval(timer)
  }, [load])

  return (
    <>
      <Metadata title="SMS inbox (development)" />
      <section className="app-card" aria-labelledby="sms-inbox-heading">
        <h1 id="sms-inbox-heading">SMS inbox</h1>
        <p className="app-hint">
          Development only: the texts the api sent since it started, newest
          first. Nothing here is sent to a phone with the console transport.
        </p>
        {failed && (
          <p role="alert" className="app-error">
            The api did not answer. Is `yarn rw dev` running?
          </p>
        )}
        {messages === null && !failed && <p role="status">Loading…</p>}
        {messages?.length === 0 && (
          <p role="status">No texts yet. Ask for a code and it shows here.</p>
        )}
        {messages && messages.length > 0 && (
          <ol aria-label="Texts sent" className="app-sms-inbox">
            {messages.map((message) => (
              <li key={`${message.sentAt}-${message.text}`}>
                <p className="app-hint">
                  To {message.to ?? 'an unknown number'} at{' '}
                  <time dateTime={message.sentAt}>
                    {sentAt(message.sentAt)}
                  </time>
                </p>
                <p className="app-sms-text">{message.text}</p>
              </li>
            ))}
          </ol>
        )}
        <button type="button" className="rw-button" onClick={load}>
          Refresh
        </button>
      </section>
    </>
  )
}

export default DevSmsInboxPage
