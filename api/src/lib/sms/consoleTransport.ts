import { maskPhoneNumber } from '../phone'

import type { SmsTransport } from './types'

type Log = (fields: object, message: string) => void

const RULE = '─'.repeat(64)

/**
 * A text as a block of its own, so that among the api's request and debug
 * lines the code a newcomer needs is the one thing that catches the eye.
 */
export const smsBanner = (maskedTo: string | null, text: string) =>
  [
    '',
    `┌${RULE}`,
    `│ 📱 SMS (console transport) to ${maskedTo ?? 'an unknown number'}`,
    ...text.split('\n').map((line) => `│    ${line}`),
    '│ Also in the development SMS inbox: /dev/sms on the web server',
    `└${RULE}`,
  ].join('\n')

/**
 * For trying the app without an SMS account: the message, code included, is
 * written to the api log. Refused in production by the config.
 */
export const consoleTransport =
  (log: Log): SmsTransport =>
  async ({ to, text }) => {
    const maskedTo = maskPhoneNumber(to)
    log({ smsTo: maskedTo }, smsBanner(maskedTo, text))
  }
