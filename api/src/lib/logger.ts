import { createLogger } from '@redwoodjs/api/logger'

import { isProductionLike } from './config'
import { logRefusalsWithoutStack } from './refusalLogging'
import { requestLogSerializers } from './requestLogging'

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

/**
 * Redwood logs only warnings and errors outside development unless LOG_LEVEL
 * is set, which would silently drop the audit trail (info lines, requirement
 * 22). Every production-like NODE_ENV keeps info; LOG_LEVEL still decides
 * when it is set.
 */
export const defaultLogLevel = (env = process.env) =>
  env.LOG_LEVEL || (isProductionLike(env.NODE_ENV) ? 'info' : undefined)

const level = defaultLogLevel()

export const loggerOptions = {
  ...(level ? { level } : {}),
  redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  // The api server logs its requests through this logger.
  serializers: requestLogSerializers,
  // A refusal with a stable code is one line, not an error with a stack.
  hooks: { logMethod: logRefusalsWithoutStack },
}

export const logger = createLogger({ options: loggerOptions })
