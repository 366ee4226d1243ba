/**
 * The development SMS inbox: the texts the api sent, read from its
 * development-only GET /devSmsInbox, like Mailpit for e-mail. Builds for
 * anywhere else leave the page, its route and the links to it out
 * (`process.env.NODE_ENV` is replaced when the web side is built).
 */
export const isDevSmsInboxOn = () => process.env.NODE_ENV === 'development'

export const DEV_SMS_INBOX_PATH = '/dev/sms'

export interface InboxMessage {
  /** Masked, e.g. +1******0123. */
  to: string | null
  text: string
  sentAt: string
}

export const fetchDevSmsInbox = async (): Promise<InboxMessage[]> => {
  const response = await fetch(`${window.RWJS_API_URL}/devSmsInbox`, {
    headers: { accept: 'application/json' },
  })
  if (!response.ok) {
    throw new Error(`The api answered ${response.status}`)
  }
  const body = (await response.json()) as { messages?: InboxMessage[] }
  return body.messages ?? []
}
