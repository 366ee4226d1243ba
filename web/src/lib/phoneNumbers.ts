// The smallest metadata set: enough to format a number as it is typed and
// check its length. Whether it can take a text (mobile, allowed country) is
// the server's call, with the full set.
import {
  AsYouType,
  getCountries,
  getCountryCallingCode,
  getExampleNumber,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js/min'
import examples from 'libphonenumber-js/mobile/examples'

export interface CountryOption {
  code: CountryCode
  name: string
  callingCode: string
}

const regionNames = (() => {
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' })
  } catch {
    return null
  }
})()

export const countryName = (code: CountryCode): string =>
  regionNames?.of(code) ?? code

let cachedOptions: CountryOption[] | null = null

export const countryOptions = (): CountryOption[] => {
  cachedOptions ??= getCountries()
    .map((code) => ({
      code,
      name: countryName(code),
      callingCode: getCountryCallingCode(code),
    }))
    .sort((a, b) => a.name.localeCompare(b.name))
  return cachedOptions
}

export const isCountryCode = (value: unknown): value is CountryCode =>
  typeof value === 'string' &&
  (getCountries() as string[]).includes(value.toUpperCase())

/** The region in the browser's language tag ("en-GB" → GB), else the fallback. */
export const guessCountry = (
  languages: readonly string[] = typeof navigator === 'undefined'
    ? []
    : (navigator.languages ?? [navigator.language]),
  fallback: CountryCode = 'US'
): CountryCode => {
  for (const tag of languages) {
    const region = tag?.split('-')[1]?.toUpperCase()
    if (isCountryCode(region)) {
      return region
    }
  }
  return fallback
}

/** Formats while typing; "+44…" overrides the selected country. */
export const formatAsYouType = (value: string, country: CountryCode) => {
  const formatter = new AsYouType(country)
  const formatted = formatter.input(value)
  return { formatted, detectedCountry: formatter.getCountry() ?? null }
}

/** The E.164 form the API wants, or null when the number cannot be right. */
export const toE164 = (value: string, country: CountryCode): string | null => {
  const parsed = parsePhoneNumberFromString(value, country)
  return parsed?.isValid() ? parsed.number : null
}

/** A mobile number of the country as people write it there, for the field's placeholder. */
export const examplePhoneNumber = (country: CountryCode): string | null =>
  getExampleNumber(country, examples)?.formatNational() ?? null

/** The country a number in E.164 belongs to, when it can tell. */
export const countryOf = (e164: string): CountryCode | null =>
  parsePhoneNumberFromString(e164)?.country ?? null
