import {
  describeTwoFactorError,
  formatWait,
  GENERIC_ERROR_MESSAGE,
  messageForCode,
  TWO_FACTOR_ERROR_CODES,
} from './twoFactorErrors'

const apolloError = (code: string, extra: Record<string, unknown> = {}) => ({
  message: 'server detail that must not reach the page',
  graphQLErrors: [{ message: 'detail', extensions: { code, ...extra } }],
})

describe('twoFactorErrors', () => {
  it.each([
    ['OTP_INVALID', /code is not right/],
    ['OTP_EXPIRED', /expired or was already used.*new code/],
    ['OTP_ATTEMPTS_EXCEEDED', /Too many wrong tries.*new code/],
    ['TWO_FACTOR_LOCKED', /locked/],
    ['RATE_LIMITED', /Too many codes requested/],
    ['SMS_SEND_FAILED', /could not send the text message/],
    ['SMS_DESTINATION_NOT_ALLOWED', /numbers in that country/],
    ['SMS_BUDGET_EXCEEDED', /temporarily unavailable/],
    ['SERVICE_UNAVAILABLE', /Verification is temporarily unavailable/],
    ['FRESH_SECOND_FACTOR_REQUIRED', /confirm it is you/],
    ['METHOD_NOT_AVAILABLE', /not set up for your account.*another way/],
    ['TWO_FACTOR_NOT_ENABLED', /Turn on two-factor authentication first/],
    ['TOTP_ENROLLMENT_EXPIRED', /set-up has expired.*new QR code/],
    ['RECOVERY_CODE_INVALID', /recovery code is not valid or was already used/],
    ['RECOVERY_CODE_ATTEMPTS_EXCEEDED', /Sign out and sign in again/],
  ])('maps %s to its own message', (code, expected) => {
    const described = describeTwoFactorError(apolloError(code))

    expect(described.code).toBe(code)
    expect(described.message).toMatch(expected)
    expect(described.message).not.toMatch(/server detail/)
  })

  it('gives every documented code a specific message', () => {
    for (const code of TWO_FACTOR_ERROR_CODES) {
      expect(messageForCode(code)).not.toBe(GENERIC_ERROR_MESSAGE)
    }
  })

  it('falls back to a generic message for an unknown code or a plain error', () => {
    expect(describeTwoFactorError(apolloError('SOMETHING_NEW')).message).toBe(
      GENERIC_ERROR_MESSAGE
    )
    expect(describeTwoFactorError(new Error('boom'))).toMatchObject({
      code: 'UNKNOWN_ERROR',
      message: GENERIC_ERROR_MESSAGE,
    })
    expect(describeTwoFactorError(undefined).message).toBe(
      GENERIC_ERROR_MESSAGE
    )
  })

  it('reports an unreachable server as a connection problem', () => {
    expect(
      describeTwoFactorError({ graphQLErrors: [], networkError: new Error() })
        .code
    ).toBe('NETWORK_ERROR')
  })

  it('includes the wait from retryAfterSeconds for rate limits and lock-outs', () => {
    const limited = describeTwoFactorError(
      apolloError('RATE_LIMITED', { retryAfterSeconds: 42 })
    )
    expect(limited.retryAfterSeconds).toBe(42)
    expect(limited.message).toBe(
      'Too many codes requested. Try again in 42 seconds.'
    )

    expect(
      describeTwoFactorError(
        apolloError('TWO_FACTOR_LOCKED', { retryAfterSeconds: 61 })
      ).message
    ).toMatch(/Try again in 2 minutes\.$/)
  })

  it('reads a single GraphQL error as well as an Apollo error', () => {
    expect(
      describeTwoFactorError({ extensions: { code: 'OTP_EXPIRED' } })
    ).toMatchObject({ code: 'OTP_EXPIRED', needsNewCode: true })
  })

  it('no longer knows a refusal the API stopped making', () => {
    expect(TWO_FACTOR_ERROR_CODES).not.toContain('PHONE_NUMBER_UNAVAILABLE')
    expect(messageForCode('PHONE_NUMBER_UNAVAILABLE')).toBe(
      GENERIC_ERROR_MESSAGE
    )
  })

  it('points a wrong authenticator-app code at the app, not at a text', () => {
    const error = apolloError('OTP_INVALID')

    expect(describeTwoFactorError(error, 'TOTP').message).toBe(
      'That code is not right. Check your authenticator app and try again.'
    )
    expect(describeTwoFactorError(error, 'SMS').message).toBe(
      'That code is not right. Check the text and try again.'
    )
    expect(describeTwoFactorError(error).message).toMatch(/Check the text/)
  })

  it('words waits for people', () => {
    expect(formatWait(1)).toBe('1 second')
    expect(formatWait(59)).toBe('59 seconds')
    expect(formatWait(60)).toBe('1 minute')
    expect(formatWait(3600)).toBe('60 minutes')
    expect(formatWait(90 * 60)).toBe('90 minutes')
    expect(formatWait(90 * 60 + 1)).toBe('2 hours')
    expect(formatWait(86_400)).toBe('24 hours')
  })

  it('tells someone signed out after too many wrong codes to sign in again', () => {
    expect(messageForCode('TOO_MANY_FAILED_ATTEMPTS')).toBe(
      'Too many wrong codes, so you were signed out. Sign in again to continue.'
    )
  })
})
