import { config } from '../config'
import type { SmsProviderName } from '../config'
import { logger } from '../logger'

import { consoleTransport } from './consoleTransport'
import { recordForDevInbox } from './devInbox'
import type { NamedTransport } from './failover'
import { sendThrough } from './failover'
import { outboxTransport } from './outboxTransport'
import { plivoTransport } from './plivoTransport'
import { twilioTransport } from './twilioTransport'
import type {
  ProviderFailure,
  SmsDelivery,
  SmsMessage,
  SmsTransport,
} from './types'
import { SmsDeliveryError } from './types'

export { SmsDeliveryError }
export type { ProviderFailure, SmsDelivery, SmsMessage, SmsTransport }

const createTransport = (provider: SmsProviderName): SmsTransport => {
  const { sms } = config()
  switch (provider) {
    case 'plivo':
      return plivoTransport({ ...sms.plivo, timeoutMs: sms.timeoutMs })
    case 'twilio':
      return twilioTransport({ ...sms.twilio, timeoutMs: sms.timeoutMs })
    case 'outbox':
      return outboxTransport(sms.outboxPath)
    case 'console':
      return consoleTransport((fields, message) => logger.info(fields, message))
  }
}

const createTransports = (): NamedTransport[] =>
  config().sms.providers.map((provider) => ({
    provider,
    send: createTransport(provider),
  }))

let transports: NamedTransport[] | undefined

/** Builds the transports now, so a bad SMS setting stops start-up. */
export const assertSmsConfigured = () => {
  transports ??= createTransports()
}

const logFailure = ({ provider, reason }: ProviderFailure, next: boolean) => {
  if (next) {
    logger.warn({ provider, reason }, 'SMS provider failed; trying the next')
  }
}

/**
 * Sends one text message through the configured provider, or the first of
 * SMS_PROVIDER's two that delivers, each attempt bounded by SMS_TIMEOUT_MS.
 * Returns which provider delivered. Throws SmsDeliveryError.
 */
export const sendSms = async (message: SmsMessage): Promise<SmsDelivery> => {
  transports ??= createTransports()
  const delivery = await sendThrough(
    transports,
    message,
    config().sms.timeoutMs,
    logFailure
  )
  recordForDevInbox(message)
  return delivery
}

/**
 * Tests swap the transport (`provider` names it in the audit trail), or
 * reset it (undefined) to follow a changed config.
 */
export const useSmsTransport = (
  next: SmsTransport | undefined,
  provider = 'test'
) => {
  transports = next ? [{ provider, send: next }] : undefined
}
