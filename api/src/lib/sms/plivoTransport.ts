import * as plivo from 'plivo'

import { providerError } from './providerError'
import type { SmsTransport } from './types'

export type PlivoSettings = {
  authId: string
  authToken: string
  from: string
  timeoutMs: number
}

/**
 * Sends through Plivo's Message API with the official SDK. The config has
 * checked that every setting is there.
 */
export const plivoTransport = ({
  authId,
  authToken,
  from,
  timeoutMs,
}: PlivoSettings): SmsTransport => {
  const client = new plivo.Client(authId, authToken, { timeout: timeoutMs })

  return async ({ to, text }) => {
    try {
      await client.messages.create(from, to, text)
    } catch (error) {
      throw providerError(error)
    }
  }
}
