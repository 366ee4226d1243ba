import crypto from 'node:crypto'
import type { ScryptOptions } from 'node:crypto'

import { extractHashingOptions } from '@redwoodjs/auth-dbauth-api'

import { config } from './config'

/**
 * dbAuth's password hashes, computed off the event loop. dbAuth hashes with
 * `crypto.scryptSync` (about 40 ms a password here), which stops every other
 * request for that long; a few clients sending wrong passwords would hold up
 * everyone. The same scrypt, with the same parameters and output format
 * (`hashPassword` in @redwoodjs/auth-dbauth-api: `<hex>|<N>|<r>|<p>`), runs
 * here in libuv's thread pool, at most PASSWORD_HASH_CONCURRENCY at a time so
 * hashing never takes every core (or every pool thread) from the rest of the
 * server: the others wait in line, costing nothing.
 */

/** dbAuth's DEFAULT_SCRYPT_OPTIONS: what it hashes new passwords with. */
export const DBAUTH_SCRYPT_OPTIONS = {
  cost: 2 ** 14,
  blockSize: 8,
  parallelization: 1,
}

const KEY_LENGTH = 32

let running = 0
const waiting: (() => void)[] = []

/** Runs `work` when fewer than the configured number of hashes are running. */
const inLine = async <T>(work: () => Promise<T>): Promise<T> => {
  if (running >= config().passwords.hashConcurrency) {
    await new Promise<void>((resolve) => waiting.push(resolve))
  } else {
    running += 1
  }
  try {
    return await work()
  } finally {
    const next = waiting.shift()
    if (next) {
      // The slot passes straight to the next in line.
      next()
    } else {
      running -= 1
    }
  }
}

const scrypt = (password: string, salt: string, options: ScryptOptions) =>
  inLine(
    () =>
      new Promise<Buffer>((resolve, reject) => {
        crypto.scrypt(
          password.normalize('NFC'),
          salt,
          KEY_LENGTH,
          options,
          (error, key) => (error ? reject(error) : resolve(key))
        )
      })
  )

/** What dbAuth's `hashPassword(password, { salt, options })` returns first. */
export const hashPassword = async (
  password: string,
  salt: string,
  options: typeof DBAUTH_SCRYPT_OPTIONS = DBAUTH_SCRYPT_OPTIONS
) => {
  const key = await scrypt(password, salt, options)
  return `${key.toString('hex')}|${options.cost}|${options.blockSize}|${options.parallelization}`
}

const sameText = (a: string, b: string) => {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && crypto.timingSafeEqual(left, right)
}

/**
 * Whether `password` matches a stored dbAuth hash, and a new hash to store
 * when the stored one is dbAuth's legacy format (one round of PBKDF2-SHA1,
 * cheap enough to check in place), which dbAuth upgrades on sign-in too.
 */
export const checkPassword = async (
  password: string,
  stored: string,
  salt: string
): Promise<{ matches: boolean; upgradedHash?: string }> => {
  const options = extractHashingOptions(stored)
  if (Object.keys(options).length === 3) {
    const computed = await hashPassword(
      password,
      salt,
      options as typeof DBAUTH_SCRYPT_OPTIONS
    )
    return { matches: sameText(computed, stored) }
  }
  const legacy = crypto
    .pbkdf2Sync(password, salt, 1, KEY_LENGTH, 'SHA1')
    .toString('hex')
  if (!sameText(legacy, stored)) {
    return { matches: false }
  }
  return { matches: true, upgradedHash: await hashPassword(password, salt) }
}

// A salt no account has: what an unknown email's password is hashed with.
const UNKNOWN_ACCOUNT_SALT = crypto.randomBytes(32).toString('hex')

/**
 * The work a wrong password costs, for an email with no account: answering
 * it faster would tell which emails have accounts.
 */
export const hashLikeAnAccount = async (password: string) => {
  await hashPassword(password, UNKNOWN_ACCOUNT_SALT)
}
