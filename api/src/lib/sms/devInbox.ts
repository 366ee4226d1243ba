import { maskPhoneNumber } from '../phone'

import type { SmsMessage } from './types'

/**
 * The texts this api process sent, newest first, for the development SMS
 * inbox page (like Mailpit for e-mail): a newcomer reads the code there
 * instead of searching the api log. Kept only while NODE_ENV=development, in
 * memory, for the last 50 messages; numbers are masked.
 */
const LIMIT = 50

export type InboxMessage = { to: string | null; text: string; sentAt: string }

const messages: InboxMessage[] = []

export const isDevInboxOn = () => process.env.NODE_ENV === 'development'

export const recordForDevInbox = (
  { to, text }: SmsMessage,
  now = new Date()
) => {
  if (!isDevInboxOn()) return
  messages.unshift({ to: maskPhoneNumber(to), text, sentAt: now.toISOString() })
  messages.length = Math.min(messages.length, LIMIT)
}

export const devInboxMessages = (): InboxMessage[] =>
  isDevInboxOn() ? [...messages] : []

/** Tests start from an empty inbox. */
export const clearDevInbox = () => {
  messages.length = 0
}
