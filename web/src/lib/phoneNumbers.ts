import {
  AsYouType,
  getCountries,
  getCountryCallingCode,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js/min'

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
