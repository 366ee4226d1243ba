export const OTP_LENGTH = 6

// Codes are often pasted from a message as "123 456" or "123-456"; unicode
// dashes come from phones that auto-format text.
const SEPARATORS = /[\s\u2010-\u2015\u2212-]/g

export const normaliseOtpInput = (raw: string): string =>
  raw.replace(SEPARATORS, '')

export const isValidOtp = (code: string): boolean =>
  new RegExp(`^\\d{${OTP_LENGTH}}$`).test(code)

/**
 * Typed input keeps only digits, capped at the code length, so the field can
 * never hold something the API would reject as malformed.
 */
export const digitsForField = (raw: string): string =>
  normaliseOtpInput(raw).replace(/\D/g, '').slice(0, OTP_LENGTH)
