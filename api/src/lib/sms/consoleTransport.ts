import { maskPhoneNumber } from '../phone'

import type { SmsTransport } from './types'

type Log = (fields: object, message: string) => void

/**
 * For trying the app without an SMS account: the message, code included, is
 * written to the api log. Refused in production by the config.
 */
export const consoleTransport =
  (log: Log): SmsTransport =>
  async ({ to, text }) => {
    log({ smsTo: maskPhoneNumber(to) }, `SMS (console transport): ${text}`)
  }
