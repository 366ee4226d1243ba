import crypto from 'node:crypto'

import { config } from '../../../config'
import { db } from '../../../db'
import { lockAccount } from '../../factorStore'
import { factorsMayHaveChanged } from '../../factorSummaryCache'
import type { AppCheckedFactor } from '../../verifier'

/**
 * Recovery codes: how someone who lost their phone (or is locked out by
 * someone guessing at their codes) still gets in. Ten codes of ten Crockford
 * base32 characters (50 bits each) from the CSPRNG, shown once as
 * `xxxxx-xxxxx` and stored only as keyed hashes.
 */
export const RECOVERY_CODE_COUNT = 10
const CODE_LENGTH = 10
// Crockford's base32: no i, l, o or u, so nothing reads as another symbol.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'
const NORMALISED = /^[0-9a-hjkmnp-tv-z]{10}$/

export const newRecoveryCode = (
  randomInt: (max: number) => number = crypto.randomInt
) => {
  const chars = Array.from(
    { length: CODE_LENGTH },
    () => ALPHABET[randomInt(ALPHABET.length)]
  ).join('')
  return `${chars.slice(0, 5)}-${chars.slice(5)}`
}

/**
 * What people type, made comparable: any case, with or without the dash or
 * spaces, and the letters Crockford reads as digits (i and l as 1, o as 0).
 * '' when it cannot be a code.
 */
export const normaliseRecoveryCode = (input: unknown) => {
  if (typeof input !== 'string' || input.length > 40) {
    return ''
  }
  const cleaned = input
    .toLowerCase()
    .replace(/[\s-]/g, '')
    .replace(/[il]/g, '1')
    .replace(/o/g, '0')
  return NORMALISED.test(cleaned) ? cleaned : ''
}

const digestOf = (userId: number, normalised: string) =>
  crypto
    .createHmac('sha256', config().otp.hmacKey)
    .update(`recovery:${userId}:${normalised}`)
    .digest('base64')

/** A new set replaces the whole old one; returns the codes, the only time they exist in clear. */
export const replaceRecoveryCodes = async (userId: number) => {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    newRecoveryCode()
  )
  const digests = new Set(
    codes.map((code) => digestOf(userId, normaliseRecoveryCode(code)))
  )
  if (digests.size !== codes.length) {
    // 10 draws from 2^50 colliding is not going to happen; never store fewer.
    return replaceRecoveryCodes(userId)
  }
  await db.$transaction([
    lockAccount(db, userId),
    db.recoveryCode.deleteMany({ where: { userId } }),
    db.recoveryCode.createMany({
      data: [...digests].map((digest) => ({ userId, digest })),
    }),
  ])
  await factorsMayHaveChanged(userId)
  return codes
}

export const remainingRecoveryCodes = (userId: number) =>
  db.recoveryCode.count({ where: { userId, usedAt: null } })

/**
 * Uses a code up in one conditional UPDATE: of any number of parallel
 * requests with the same code, exactly one changes the row.
 */
const consume = async (userId: number, input: string, now: Date) => {
  const normalised = normaliseRecoveryCode(input)
  if (!normalised) {
    return false
  }
  const { count } = await db.recoveryCode.updateMany({
    where: { userId, digest: digestOf(userId, normalised), usedAt: null },
    data: { usedAt: now },
  })
  if (count === 1) {
    await factorsMayHaveChanged(userId)
  }
  return count === 1
}

/**
 * Recovery codes cannot be guessed (10 codes among 2^50), so they do not
 * share the account's lock: they stay usable while SMS and TOTP
 * verification is locked, which is how the owner gets in during a lockout
 * attack. Each session gets a small cap of its own instead.
 */
export const recoveryCodeFactor: AppCheckedFactor = {
  method: 'RECOVERY_CODE',
  amr: 'recovery_code',
  guard: 'session',
  check: async (userId, submission, now) =>
    (await consume(userId, submission, new Date(now)))
      ? { matched: true }
      : { matched: false, outcome: 'RECOVERY_CODE_INVALID' },
}
