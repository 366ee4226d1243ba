import { RedwoodError } from '@redwoodjs/api'

/**
 * Every refusal the second factor makes. The codes are the stable contract
 * (README "Error codes"); the messages are for people and may change.
 */
export const TWO_FACTOR_ERRORS = {
  SECOND_FACTOR_REQUIRED:
    'Finish signing in with your verification code first.',
  FRESH_SECOND_FACTOR_REQUIRED:
    'Confirm it is you: verify a new code, then try again.',
  PHONE_NUMBER_REQUIRED: 'Add a phone number first.',
  PHONE_NUMBER_NOT_MOBILE:
    'Use a mobile number: we cannot text premium-rate, toll-free or landline numbers.',
  METHOD_NOT_AVAILABLE:
    'That verification method is not set up for this account.',
  TWO_FACTOR_NOT_ENABLED: 'Turn on two-factor authentication first.',
  TOTP_ENROLLMENT_EXPIRED:
    'The authenticator set-up has expired. Start again for a new QR code.',
  OTP_INVALID: 'That code is not right. Check it and try again.',
  OTP_EXPIRED: 'That code has expired or was already used. Request a new one.',
  OTP_REPLACED:
    'That code was replaced by a newer one. Use the code from the latest text.',
  OTP_ATTEMPTS_EXCEEDED:
    'Too many wrong attempts for this code. Request a new one.',
  TOO_MANY_FAILED_ATTEMPTS: 'Too many wrong codes. Sign in again to continue.',
  RECOVERY_CODE_INVALID: 'That recovery code is not valid or was already used.',
  RECOVERY_CODE_ATTEMPTS_EXCEEDED:
    'Too many wrong recovery codes. Sign in again to try more.',
  TWO_FACTOR_LOCKED:
    'Too many failed attempts. Verification is locked for a while.',
  RATE_LIMITED: 'Please wait before requesting another code.',
  SMS_DESTINATION_NOT_ALLOWED: 'We cannot send text messages to that country.',
  SMS_BUDGET_EXCEEDED:
    'Text messages are paused for the moment. Try again later.',
  SMS_SEND_FAILED: 'We could not send the text message. Try again in a moment.',
  SERVICE_UNAVAILABLE:
    'Verification is unavailable right now. Try again shortly.',
  TOO_MANY_OPERATIONS: 'Send one verification request at a time.',
} as const

export type TwoFactorErrorCode = keyof typeof TWO_FACTOR_ERRORS

export class TwoFactorError extends RedwoodError {
  readonly code: TwoFactorErrorCode

  constructor(
    code: TwoFactorErrorCode,
    extra: { retryAfterSeconds?: number } = {}
  ) {
    super(TWO_FACTOR_ERRORS[code], { code, ...extra })
    this.name = 'TwoFactorError'
    this.code = code
  }
}

/** Redis (or anything the code store depends on) failed: fail closed. */
export class ServiceUnavailableError extends TwoFactorError {
  constructor() {
    super('SERVICE_UNAVAILABLE')
  }
}
