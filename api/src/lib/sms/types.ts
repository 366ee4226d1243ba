export type SmsMessage = { to: string; text: string }

/** A transport delivers one message or throws; `send()` adds the rest. */
export type SmsTransport = (message: SmsMessage) => Promise<void>

/** Thrown for any delivery failure; `reason` is for the server log only. */
export class SmsDeliveryError extends Error {
  constructor(readonly reason: string) {
    super(`SMS delivery failed: ${reason}`)
    this.name = 'SmsDeliveryError'
  }
}
