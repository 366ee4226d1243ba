import type { SecondFactorMethod } from './twoFactorGraphql'

/**
 * The one place that turns the API's stable `extensions.code` values into
 * words a person can act on. Pages never show server messages directly: those
 * are not part of the contract and may leak detail.
 */

export const TWO_FACTOR_ERROR_CODES = [
  'UNAUTHENTICATED',
  'SECOND_FACTOR_REQUIRED',
  'FRESH_SECOND_FACTOR_REQUIRED',
  'BAD_USER_INPUT',
  'PHONE_NUMBER_REQUIRED',
  'PHONE_NUMBER_NOT_MOBILE',
  'METHOD_NOT_AVAILABLE',
  'TWO_FACTOR_NOT_ENABLED',
  'TOTP_ENROLLMENT_EXPIRED',
  'OTP_INVALID',
  'OTP_EXPIRED',
  'OTP_REPLACED',
  'OTP_ATTEMPTS_EXCEEDED',
  'RECOVERY_CODE_INVALID',
  'RECOVERY_CODE_ATTEMPTS_EXCEEDED',
  'TOO_MANY_FAILED_ATTEMPTS',
  'TWO_FACTOR_LOCKED',
  'RATE_LIMITED',
  'SMS_DESTINATION_NOT_ALLOWED',
  'SMS_BUDGET_EXCEEDED',
  'SMS_SEND_FAILED',
  'SERVICE_UNAVAILABLE',
  'TOO_MANY_OPERATIONS',
] as const

export type TwoFactorErrorCode = (typeof TWO_FACTOR_ERROR_CODES)[number]

export const NETWORK_ERROR = 'NETWORK_ERROR'
export const UNKNOWN_ERROR = 'UNKNOWN_ERROR'

export interface TwoFactorError {
  code: TwoFactorErrorCode | typeof NETWORK_ERROR | typeof UNKNOWN_ERROR
  message: string
  retryAfterSeconds: number | null
  /** The code is dead: the person needs a new one, not another guess. */
  needsNewCode: boolean
}

export const GENERIC_ERROR_MESSAGE = 'Something went wrong. Please try again.'

export const formatWait = (seconds: number): string => {
  if (seconds < 60) {
    return `${seconds} second${seconds === 1 ? '' : 's'}`
  }
  const minutes = Math.ceil(seconds / 60)
  if (minutes <= 90) {
    return `${minutes} minute${minutes === 1 ? '' : 's'}`
  }
  // A day-long lock (100 failures since the last success) reads as hours.
  const hours = Math.ceil(seconds / 3600)
  return `${hours} hour${hours === 1 ? '' : 's'}`
}

const withWait = (base: string, retryAfterSeconds: number | null) =>
  retryAfterSeconds && retryAfterSeconds > 0
    ? `${base} Try again in ${formatWait(retryAfterSeconds)}.`
    : `${base} Try again later.`

const MESSAGES: Record<
  TwoFactorErrorCode,
  (retryAfterSeconds: number | null) => string
> = {
  UNAUTHENTICATED: () => 'Your session has ended. Please sign in again.',
  SECOND_FACTOR_REQUIRED: () =>
    'Finish signing in with your second factor first.',
  FRESH_SECOND_FACTOR_REQUIRED: () =>
    'For your security, confirm it is you with a new code first.',
  BAD_USER_INPUT: () =>
    'That phone number does not look valid. Check the country and number.',
  PHONE_NUMBER_REQUIRED: () => 'Add a phone number first.',
  PHONE_NUMBER_NOT_MOBILE: () =>
    'Use a mobile number: we cannot text premium-rate, toll-free or landline numbers.',
  METHOD_NOT_AVAILABLE: () =>
    'That way of verifying is not set up for your account. Try another way.',
  TWO_FACTOR_NOT_ENABLED: () => 'Turn on two-factor authentication first.',
  TOTP_ENROLLMENT_EXPIRED: () =>
    'This set-up has expired. Start again to get a new QR code.',
  OTP_INVALID: () => 'That code is not right. Check the text and try again.',
  OTP_EXPIRED: () =>
    'That code has expired or was already used. Send a new code.',
  OTP_REPLACED: () =>
    'That code was replaced by a newer one. Use the code from the latest text.',
  OTP_ATTEMPTS_EXCEEDED: () =>
    'Too many wrong tries for this code. Send a new code.',
  RECOVERY_CODE_INVALID: () =>
    'That recovery code is not valid or was already used.',
  RECOVERY_CODE_ATTEMPTS_EXCEEDED: () =>
    'Too many wrong recovery codes. Sign out and sign in again to try more.',
  TOO_MANY_FAILED_ATTEMPTS: () =>
    'Too many wrong codes, so you were signed out. Sign in again to continue.',
  TWO_FACTOR_LOCKED: (wait) =>
    withWait('Verification is locked after too many failed attempts.', wait),
  RATE_LIMITED: (wait) => withWait('Too many codes requested.', wait),
  SMS_DESTINATION_NOT_ALLOWED: () =>
    'We cannot send text messages to numbers in that country.',
  SMS_BUDGET_EXCEEDED: () =>
    'Text messages are temporarily unavailable. Please try again later.',
  SMS_SEND_FAILED: () =>
    'We could not send the text message. Please try again in a moment.',
  SERVICE_UNAVAILABLE: () =>
    'Verification is temporarily unavailable. Please try again in a few minutes.',
  TOO_MANY_OPERATIONS: () => 'Please send one request at a time.',
}

// An authenticator app's wrong code comes back as OTP_INVALID, like a text's;
// only the advice on where to look differs.
const APP_MESSAGES: Partial<Record<TwoFactorErrorCode, string>> = {
  OTP_INVALID:
    'That code is not right. Check your authenticator app and try again.',
}

const NEEDS_NEW_CODE = new Set<string>(['OTP_EXPIRED', 'OTP_ATTEMPTS_EXCEEDED'])

/**
 * Refusals that leave texted codes out of reach for a while: the person is
 * pointed to their other ways of verifying rather than left to wait.
 */
export const SMS_LIMITED = new Set<string>([
  'RATE_LIMITED',
  'SMS_BUDGET_EXCEEDED',
  'SMS_SEND_FAILED',
  'SMS_DESTINATION_NOT_ALLOWED',
])

const isKnownCode = (code: unknown): code is TwoFactorErrorCode =>
  typeof code === 'string' &&
  (TWO_FACTOR_ERROR_CODES as readonly string[]).includes(code)

export const messageForCode = (
  code: unknown,
  retryAfterSeconds: number | null = null
): string =>
  isKnownCode(code) ? MESSAGES[code](retryAfterSeconds) : GENERIC_ERROR_MESSAGE

interface GraphQLErrorLike {
  extensions?: Record<string, unknown>
}

interface ApolloErrorLike {
  graphQLErrors?: readonly GraphQLErrorLike[]
  networkError?: unknown
  extensions?: Record<string, unknown>
}

const toSeconds = (value: unknown): number | null => {
  const n = typeof value === 'string' ? Number(value) : value
  return typeof n === 'number' && Number.isFinite(n) && n >= 0
    ? Math.ceil(n)
    : null
}

/**
 * Works with an ApolloError, a single GraphQL error, or anything thrown.
 * `method` is the factor the failed request was about, when there was one.
 */
export const describeTwoFactorError = (
  error: unknown,
  method?: SecondFactorMethod
): TwoFactorError => {
  const candidate = (error ?? {}) as ApolloErrorLike
  const extensions =
    candidate.graphQLErrors?.find((e) => e?.extensions?.code)?.extensions ??
    candidate.extensions
  const code = extensions?.code
  const retryAfterSeconds = toSeconds(extensions?.retryAfterSeconds)

  if (isKnownCode(code)) {
    return {
      code,
      message:
        (method === 'TOTP' && APP_MESSAGES[code]) ||
        MESSAGES[code](retryAfterSeconds),
      retryAfterSeconds,
      needsNewCode: NEEDS_NEW_CODE.has(code),
    }
  }
  if (candidate.networkError) {
    return {
      code: NETWORK_ERROR,
      message:
        'We could not reach the server. Check your connection and try again.',
      retryAfterSeconds: null,
      needsNewCode: false,
    }
  }
  return {
    code: UNKNOWN_ERROR,
    message: GENERIC_ERROR_MESSAGE,
    retryAfterSeconds,
    needsNewCode: false,
  }
}

export const hasErrorCode = (error: unknown, code: TwoFactorErrorCode) =>
  describeTwoFactorError(error).code === code
