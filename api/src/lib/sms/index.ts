import { config } from '../config'
import { logger } from '../logger'

import { consoleTransport } from './consoleTransport'
import { recordForDevInbox } from './devInbox'
import { outboxTransport } from './outboxTransport'
import { plivoTransport } from './plivoTransport'
import type { SmsMessage, SmsTransport } from './types'
import { SmsDeliveryError } from './types'

export { SmsDeliveryError }
export type { SmsMessage, SmsTransport }

const createTransport = (): SmsTransport => {
  const { sms, sending } = config()
  switch (sms.provider) {
    case 'plivo':
      return plivoTransport({ ...sms.plivo, timeoutMs: sending.timeoutMs })
    case 'outbox':
      return outboxTransport(sms.outboxPath)
    case 'console':
      return consoleTransport((fields, message) => logger.info(fields, message))
  }
}

let transport: SmsTransport | undefined

/** Builds the transport now, so missing credentials stop start-up. */
export const assertSmsConfigured = () => {
  transport ??= createTransport()
}

const withTimeout = async (work: Promise<void>, ms: number) => {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new SmsDeliveryError(`timed out after ${ms} ms`)),
      ms
    )
  })
  try {
    await Promise.race([work, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Sends one text message through the configured transport, bounded by
 * SMS_TIMEOUT_MS whatever the transport does. Throws SmsDeliveryError.
 */
export const sendSms = async (message: SmsMessage) => {
  transport ??= createTransport()
  try {
    await withTimeout(transport(message), config().sending.timeoutMs)
    recordForDevInbox(message)
  } catch (error) {
    throw error instanceof SmsDeliveryError
      ? error
      : new SmsDeliveryError(
          error instanceof Error ? error.message : 'unknown error'
        )
  }
}

/** Tests swap the transport (or reset it to follow a changed config). */
export const useSmsTransport = (next: SmsTransport | undefined) => {
  transport = next
}
