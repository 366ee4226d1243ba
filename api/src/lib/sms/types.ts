export type SmsMessage = { to: string; text: string }

/** A transport delivers one message or throws; `send()` adds the rest. */
export type SmsTransport = (message: SmsMessage) => Promise<void>

/** One provider that did not deliver, and why (for the server log only). */
export type ProviderFailure = { provider: string; reason: string }

/** Which provider delivered, and those tried before it that failed. */
export type SmsDelivery = { provider: string; failed: ProviderFailure[] }

/**
 * Thrown for any delivery failure; `reason` is for the server log only.
 * `failed` lists every provider tried, in order, when all of them failed.
 */
export class SmsDeliveryError extends Error {
  constructor(
    readonly reason: string,
    readonly failed: ProviderFailure[] = []
  ) {
    super(`SMS delivery failed: ${reason}`)
    this.name = 'SmsDeliveryError'
  }
}
