import type {
  ProviderFailure,
  SmsDelivery,
  SmsMessage,
  SmsTransport,
} from './types'
import { SmsDeliveryError } from './types'

/** A transport and the provider name the audit trail gives it. */
export type NamedTransport = { provider: string; send: SmsTransport }

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

const reasonOf = (error: unknown) =>
  error instanceof SmsDeliveryError
    ? error.reason
    : error instanceof Error
      ? error.message
      : 'unknown error'

/**
 * Tries each provider in order, each attempt bounded by `timeoutMs` whatever
 * its SDK does, until one delivers. The message (so the code) is the same
 * every time: a provider that timed out but delivers late sends the code the
 * next one sent. Limits were counted once, before this is called; nothing
 * here counts or gives back. Throws SmsDeliveryError listing every failure.
 */
export const sendThrough = async (
  transports: NamedTransport[],
  message: SmsMessage,
  timeoutMs: number,
  onFailure: (failure: ProviderFailure, willRetry: boolean) => void = () => {}
): Promise<SmsDelivery> => {
  const failed: ProviderFailure[] = []
  for (const [index, { provider, send }] of transports.entries()) {
    try {
      await withTimeout(send(message), timeoutMs)
      return { provider, failed }
    } catch (error) {
      const failure = { provider, reason: reasonOf(error) }
      failed.push(failure)
      onFailure(failure, index < transports.length - 1)
    }
  }
  throw new SmsDeliveryError(
    failed.map(({ provider, reason }) => `${provider}: ${reason}`).join('; '),
    failed
  )
}
