import fs from 'node:fs/promises'

import type { SmsTransport } from './types'

/**
 * Appends each message as one JSON line so end-to-end tests can read the
 * codes that were "sent". Refused in production by the config.
 */
export const outboxTransport = (path: string | undefined): SmsTransport => {
  if (!path) {
    throw new Error('SMS_PROVIDER=outbox needs SMS_OUTBOX_PATH')
  }
  return async ({ to, text }) => {
    const line = JSON.stringify({ to, text, sentAt: new Date().toISOString() })
    await fs.appendFile(path, `${line}\n`)
  }
}
