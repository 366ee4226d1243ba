import { context } from '@redwoodjs/graphql-server'

import { logger } from './logger'

export type AuditEvent =
  | 'otp.sent'
  | 'otp.send_refused'
  | 'otp.send_failed'
  | 'otp.verified'
  | 'otp.failed'
  | 'two_factor.locked'
  | 'two_factor.enabled'
  | 'two_factor.disabled'
  | 'phone_number.changed'
  | 'session.created'
  | 'session.revoked'

type AuditFields = {
  userId: number
  outcome: 'success' | 'failure' | 'refused'
  reason?: string
  phoneNumberHint?: string | null
  retryAfterSeconds?: number
}

/** The client address as the api server saw it (first proxy hop if any). */
const clientIp = (): string | undefined => {
  const event = context?.event as
    | {
        headers?: Record<string, string>
        requestContext?: { identity?: { sourceIp?: string } }
      }
    | undefined
  const forwarded = event?.headers?.['x-forwarded-for']
  if (typeof forwarded === 'string' && forwarded) {
    return forwarded.split(',')[0].trim()
  }
  return event?.requestContext?.identity?.sourceIp
}

/**
 * One structured line per security-relevant event, for alerting and
 * forensics. Never pass codes, secrets or full numbers here.
 */
export const audit = (event: AuditEvent, fields: AuditFields) => {
  logger.info({ audit: event, ip: clientIp(), ...fields }, `audit ${event}`)
}
