import { context } from '@redwoodjs/graphql-server'

import { logger } from './logger'

export type AuditEvent =
  | 'otp.sent'
  | 'otp.send_refused'
  | 'otp.send_failed'
  | 'second_factor.verified'
  | 'second_factor.failed'
  | 'two_factor.locked'
  | 'owner.notified'
  | 'two_factor.enabled'
  | 'two_factor.disabled'
  | 'phone_number.pending'
  | 'phone_number.changed'
  | 'phone_number.removed'
  | 'totp.added'
  | 'totp.removed'
  | 'recovery_codes.generated'
  | 'session.created'
  | 'session.revoked'
  | 'sessions.revoked'

type AuditFields = {
  userId: number
  outcome: 'success' | 'failure' | 'refused'
  reason?: string
  /** The second factor used: sms, totp or recovery_code. */
  method?: string
  recoveryCodesRemaining?: number
  phoneNumberHint?: string | null
  retryAfterSeconds?: number
  /** The SMS provider that delivered. */
  provider?: string
  /** SMS providers tried that failed or timed out, in the order tried. */
  failedProviders?: string[]
}

type RequestEvent = {
  headers?: Record<string, string | undefined>
  requestContext?: { identity?: { sourceIp?: string } } | null
}

/**
 * The client address is the one the api server saw (Fastify's `request.ip`,
 * which follows its `trustProxy` setting). X-Forwarded-For is written by the
 * client unless a trusted proxy rewrites it, so it is kept apart, never as
 * the address.
 */
const addressOf = (event: RequestEvent | undefined) => ({
  ip: event?.requestContext?.identity?.sourceIp,
  forwardedFor: event?.headers?.['x-forwarded-for'],
})

/**
 * One structured line per security-relevant event, for alerting and
 * forensics. Never pass codes, secrets or full numbers here. GraphQL
 * resolvers get the request from Redwood's context; functions pass theirs.
 */
export const audit = (
  event: AuditEvent,
  fields: AuditFields,
  request = context?.event as RequestEvent | undefined
) => {
  logger.info(
    { audit: event, ...addressOf(request), ...fields },
    `audit ${event}`
  )
}
