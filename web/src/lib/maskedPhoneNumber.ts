const BULLET = '\u2022'

/** "•••••••" → "••• ••••": groups of three, the remainder with the last. */
const groupBullets = (count: number) => {
  const groups: number[] = []
  let left = count
  while (left > 4) {
    groups.push(3)
    left -= 3
  }
  groups.push(left)
  return groups.map((n) => BULLET.repeat(n))
}

/**
 * The server's hint ("+1******0123": country code, hidden digits, last four)
 * as people write a hidden number: "•••-•••-0123" for North American numbers,
 * "+44 ••• •••• 0123" for others. A hint of another shape is shown as it came.
 */
export const maskedPhoneNumber = (hint: string | null | undefined) => {
  if (!hint) {
    return hint ?? null
  }
  const match = /^\+(\d{1,3})(\*+)(\d{2,4})$/.exec(hint)
  if (!match) {
    return hint
  }
  const [, countryCode, hidden, last] = match
  if (countryCode === '1' && hidden.length === 6) {
    return `${BULLET.repeat(3)}-${BULLET.repeat(3)}-${last}`
  }
  return `+${countryCode} ${groupBullets(hidden.length).join(' ')} ${last}`
}
