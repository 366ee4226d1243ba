import type TwilioSdk from 'twilio'

import { providerError } from './providerError'
import type { SmsTransport } from './types'

export type TwilioSettings = {
  accountSid: string
  authToken: string
  from: string
  timeoutMs: number
}

type TwilioRestError = Error & { status?: number; code?: number }

/**
 * Sends through Twilio's Messages API with the official SDK. The config has
 * checked that every setting is there. The SDK's own request timeout ends
 * the HTTP request; sendSms bounds the attempt whatever the SDK does.
 */
export const twilioTransport = ({
  accountSid,
  authToken,
  from,
  timeoutMs,
}: TwilioSettings): SmsTransport => {
  // Loaded only when Twilio is configured: the SDK takes a fifth of a second
  // to load, which an api (or a test) that does not use it should not pay.
  const twilio = require('twilio') as typeof TwilioSdk
  // Credentials are passed explicitly: the SDK would otherwise read them
  // from the environment on its own. autoRetry stays off (its default):
  // retries belong to the failover, within the attempt's time bound.
  const client = twilio(accountSid, authToken, {
    timeout: timeoutMs,
    autoRetry: false,
  })

  // The SDK loads its Messages API on first use; doing so here, at start,
  // keeps that out of the first send's time bound.
  const { messages } = client

  return async ({ to, text }) => {
    try {
      await messages.create({ from, to, body: text })
    } catch (error) {
      // Twilio's RestException carries the HTTP status and its error code
      // (e.g. 21211, an invalid 'To' number) beside the message.
      const { status, code } = (error ?? {}) as TwilioRestError
      throw providerError(
        error,
        status ? ` (HTTP ${status}${code ? `, Twilio code ${code}` : ''})` : ''
      )
    }
  }
}
