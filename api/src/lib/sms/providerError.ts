import { SmsDeliveryError } from './types'

/**
 * A provider's error as a reason fit for the log. Providers' error texts name
 * the cause ("invalid dst", "The 'To' number … is not a valid phone number")
 * and may echo the number, so any phone number is scrubbed; credentials are
 * never part of them (they travel in the Authorization header only).
 */
export const scrubbedReason = (reason: string) =>
  reason.replace(/\+?\d{7,15}/g, '[number]').slice(0, 300)

export const providerError = (error: unknown, details = '') => {
  const reason =
    error instanceof Error
      ? `${error.name}${details}: ${error.message}`
      : 'unknown error'
  return new SmsDeliveryError(scrubbedReason(reason))
}
