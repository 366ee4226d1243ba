/**
 * Keys the app signs or encrypts with must be long and random. A weak one is
 * refused when the api starts, with a message saying how to make a good one,
 * rather than discovered by an attacker or as a failed sign-up later.
 */

export const MIN_SECRET_BYTES = 32

export const HOW_TO_MAKE_A_SECRET = `node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`

// Words people put in placeholder keys. Six letters or more, so a random
// key of this length contains one by chance with negligible probability.
const PLACEHOLDER_WORDS = [
  'changeme',
  'change_me',
  'secret',
  'password',
  'passw0rd',
  'session',
  'default',
  'example',
  'qwerty',
  'letmein',
  'redwood',
  'insecure',
  'replace',
  'placeholder',
  'development',
  'production',
]

/**
 * Eight or more consecutive characters up or down: "abcdefgh", "12345678".
 * (Random hex or base64 keys hold such a run with negligible probability.)
 */
const hasConsecutiveRun = (value: string, length = 8) => {
  let up = 1
  let down = 1
  for (let i = 1; i < value.length; i++) {
    const step = value.charCodeAt(i) - value.charCodeAt(i - 1)
    up = step === 1 ? up + 1 : 1
    down = step === -1 ? down + 1 : 1
    if (up >= length || down >= length) {
      return true
    }
  }
  return false
}

/** Whether the value is a shorter pattern said again ("abcdabcdabcd..."). */
const repeatsAPattern = (value: string) => {
  for (let period = 1; period <= value.length / 2; period++) {
    let repeats = true
    for (let i = period; i < value.length && repeats; i++) {
      repeats = value[i] === value[i - period]
    }
    if (repeats) {
      return true
    }
  }
  return false
}

/** Why `value` is too weak to be a key, or undefined when it will do. */
export const secretWeakness = (value: string): string | undefined => {
  const bytes = Buffer.byteLength(value, 'utf8')
  if (bytes < MIN_SECRET_BYTES) {
    return `it is ${bytes} bytes long; at least ${MIN_SECRET_BYTES} are needed`
  }
  const distinct = new Set(value).size
  if (distinct === 1) {
    return 'it is one character repeated'
  }
  if (repeatsAPattern(value)) {
    return 'it repeats a short pattern'
  }
  // 32 random hex digits use fewer than 8 of the 16 with negligible probability.
  if (distinct < 8) {
    return `it uses only ${distinct} different characters`
  }
  const lower = value.toLowerCase()
  const word = PLACEHOLDER_WORDS.find((candidate) => lower.includes(candidate))
  if (word) {
    return `it contains the word "${word}"`
  }
  if (hasConsecutiveRun(value)) {
    return 'it contains a run of consecutive characters'
  }
  return undefined
}

/**
 * Throws unless `value` is a usable key. The message names the variable and
 * the problem, never the value.
 */
export function assertStrongSecret(
  name: string,
  value: string | undefined
): asserts value is string {
  if (!value) {
    throw new Error(
      `${name} is not set. Make one with: ${HOW_TO_MAKE_A_SECRET}`
    )
  }
  const weakness = secretWeakness(value)
  if (weakness) {
    throw new Error(
      `${name} is too weak to use: ${weakness}. Use ${MIN_SECRET_BYTES} random bytes, for example: ${HOW_TO_MAKE_A_SECRET}`
    )
  }
}
