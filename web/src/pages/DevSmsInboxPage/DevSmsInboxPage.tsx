import { useCallback, useEffect, useState } from 'react'

import { Metadata } from '@redwoodjs/web'

import Alert from 'src/components/ui/Alert'
import Button from 'src/components/ui/Button'
import Card from 'src/components/ui/Card'
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
      <Card
        title="SMS inbox"
        titleAs="h1"
        description="Development only: the texts the api sent since it started, newest first. With the console transport nothing reaches a phone."
      >
        <div className="space-y-4">
          <Alert tone="error">
            {failed
              ? 'The api did not answer. Is `yarn rw dev` running?'
              : null}
          </Alert>
          {messages === null && !failed && <p role="status">Loading…</p>}
          {messages?.length === 0 && (
            <p role="status">No texts yet. Ask for a code and it shows here.</p>
          )}
          {messages && messages.length > 0 && (
            <ol aria-label="Texts sent" className="space-y-3">
              {messages.map((message) => (
                <li
                  key={`${message.sentAt}-${message.text}`}
                  className="rounded-md border border-slate-200 p-3"
                >
                  <p className="text-sm text-slate-600">
                    To {message.to ?? 'an unknown number'} at{' '}
                    <time dateTime={message.sentAt}>
                      {sentAt(message.sentAt)}
                    </time>
                  </p>
                  <p className="whitespace-pre-line break-words font-mono">
                    {message.text}
                  </p>
                </li>
              ))}
            </ol>
          )}
          <Button onClick={load}>Refresh</Button>
        </div>
      </Card>
    </>
  )
}

export default DevSmsInboxPage
