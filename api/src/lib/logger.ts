import { createLogger } from '@redwoodjs/api/logger'

/**
 * Fields that must never reach a log line in clear: codes, secrets and full
 * phone numbers (security requirement 22). Audit events carry user ids and a
 * masked number instead; this list is the safety net for anything else.
 */
export const REDACTED_PATHS = [
  'otp',
  'code',
  'phoneNumber',
  'password',
  'hashedPassword',
  'salt',
  'resetToken',
  'authToken',
  'secret',
  'cookie',
  'sid',
  '*.otp',
  '*.code',
  '*.phoneNumber',
  '*.password',
  '*.hashedPassword',
  '*.salt',
  '*.resetToken',
  '*.authToken',
  '*.secret',
  '*.cookie',
  '*.sid',
  'headers.cookie',
  'headers.authorization',
  'event.headers.cookie',
  'event.headers.authorization',
]

export const logger = createLogger({
  options: { redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
})
