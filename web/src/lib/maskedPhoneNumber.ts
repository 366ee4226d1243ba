const BULLET = '\u2022'
// A hyphen a line never breaks at: "•••-" alone at the end of a line on a
// phone reads as a different number.
const HYPHEN = '\u2011'
const SPACE = '\u00a0'

/** "•••••••" → "••• ••••": groups of three, the remainder with the last. */
const groupBullets = (count: number) => {
  const groups: number[] = []
  let left = count
  while (left > 4) {
    groups.push(3)
    left -= 3
  }
  groups.push(left)
  return groups.map((n) => BULLET.repeat(n)).join(SPACE)
}

/**
 * The server's hint ("+1******0123": country code, hidden digits, last four)
 * as people write a hidden number: "•••-•••-0123" for North American numbers
 * and "+44 ••• •••• 0123" for others, with hyphens and spaces a line does
 * not break at. A hint of another shape is shown as it came.
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
    return `${BULLET.repeat(3)}${HYPHEN}${BULLET.repeat(3)}${HYPHEN}${last}`
  }
  return [`+${countryCode}`, groupBullets(hidden.length), last].join(SPACE)
}
