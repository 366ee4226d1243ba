import { parsePhoneNumberFromString } from 'libphonenumber-js/max'

export type ParsedPhoneNumber = {
  e164: string
  country: string | undefined
  /** libphonenumber's type: MOBILE, FIXED_LINE_OR_MOBILE, PREMIUM_RATE, … */
  type: string | undefined
}

/**
 * Parses a number the user typed into E.164. Only full international numbers
 * are accepted: the server has no idea which country the user is in.
 * The `max` metadata validates number ranges, not just lengths.
 */
export const parsePhoneNumber = (input: string): ParsedPhoneNumber | null => {
  if (typeof input !== 'string' || input.length > 32) {
    return null
  }
  const parsed = parsePhoneNumberFromString(input.trim())
  if (!parsed || !parsed.isValid() || !input.trim().startsWith('+')) {
    return null
  }
  return {
    e164: parsed.number,
    country: parsed.country,
    type: parsed.getType(),
  }
}

/** "+14155550123" → "+1******0123": the country code and last four digits. */
export const maskPhoneNumber = (e164: string | null | undefined) => {
  if (!e164) {
    return null
  }
  const parsed = parsePhoneNumberFromString(e164)
  const prefix = parsed ? `+${parsed.countryCallingCode}` : e164.slice(0, 2)
  const last4 = e164.slice(-4)
  const hidden = Math.max(e164.length - prefix.length - 4, 0)
  return `${prefix}${'*'.repeat(hidden)}${last4}`
}
