import crypto from 'node:crypto'

const CODE_FORMAT = /^[0-9]{6}$/

/** Six digits from the CSPRNG (never Math.random). */
export const generateOtpCode = (
  randomInt: (max: number) => number = crypto.randomInt
) => String(randomInt(1_000_000)).padStart(6, '0')

/** ASCII digits only: `\d` would also accept other scripts' digits. */
export const isWellFormedOtp = (value: unknown): value is string =>
  typeof value === 'string' && CODE_FORMAT.test(value)

/**
 * Only this keyed hash is stored. Binding the user id means a digest is worth
 * nothing under another account, and comparing digests (not codes) keeps the
 * comparison's timing from telling an attacker anything about the code.
 */
export const otpDigest = (key: Buffer, userId: number, code: string) =>
  crypto
    .createHmac('sha256', key)
    .update(`otp:${userId}:${code}`)
    .digest('base64')

/** Lets the app count sends per number without writing numbers to Redis. */
export const destinationDigest = (key: Buffer, e164: string) =>
  crypto
    .createHmac('sha256', key)
    .update(`dest:${e164}`)
    .digest('hex')
    .slice(0, 32)
