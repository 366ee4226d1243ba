import * as plivo from 'plivo'

import type { SmsTransport } from './types'
import { SmsDeliveryError } from './types'

type PlivoSettings = {
  authId?: string
  authToken?: string
  from?: string
  timeoutMs: number
}

/** Sends through Plivo's Message API with the official SDK. */
export const plivoTransport = ({
  authId,
  authToken,
  from,
  timeoutMs,
}: PlivoSettings): SmsTransport => {
  if (!authId || !authToken || !from) {
    throw new Error(
      'SMS_PROVIDER=plivo needs PLIVO_AUTH_ID, PLIVO_AUTH_TOKEN and PLIVO_PHONE_NUMBER'
    )
  }
  const client = new plivo.Client(authId, authToken, { timeout: timeoutMs })

  return async ({ to, text }) => {
    try {
      await client.messages.create(from, to, text)
    } catch (error) {
      // Plivo's error text names the cause (e.g. "invalid dst") and may echo
      // the number; the reason is logged, so any phone number is scrubbed.
      const reason =
        error instanceof Error
          ? `${error.name}: ${error.message}`
          : 'unknown error'
      throw new SmsDeliveryError(
        reason.replace(/\+?\d{7,15}/g, '[number]').slice(0, 300)
      )
    }
  }
}
