import crypto from 'node:crypto'
import os from 'node:os'

import { redisConnectionConfig } from './redis/connectionConfig'
import type { EncryptionKey } from './secretBox'
import { encryptionKey } from './secretBox'
import { assertStrongSecret, HOW_TO_MAKE_A_SECRET } from './secrets'

/**
 * Every setting the second factor reads, taken from the environment once.
 * Defaults follow ../README.md ("Configuration"); the numbers come from OWASP
 * ASVS and NIST SP 800-63B and may only be made stricter in production.
 */

/**
 * The one decision between development rules and production rules (REDIS_URL
 * required, no console or outbox SMS, audit trail logged, an encryption key
 * of its own): only `development` and `test` get development rules, so
 * `staging`, a typo or no NODE_ENV at all runs as production.
 */
export const isProductionLike = (nodeEnv = process.env.NODE_ENV) =>
  nodeEnv !== 'development' && nodeEnv !== 'test'

const int = (
  name: string,
  fallback: number,
  { min = 1, max = Infinity } = {}
) => {
  // The api side reads its environment at run time, so computed access is fine here.
  // eslint-disable-next-line @redwoodjs/process-env-computed
  const raw = process.env[name]
  if (raw === undefined || raw === '') {
    return fallback
  }
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(
      `${name} must be a whole number from ${min} to ${max} (got "${raw}")`
    )
  }
  return value
}

/**
 * The host browsers' WebOTP API should offer a texted code to (the
 * `@domain #code` line), whenever the app knows its own: WEB_OTP_DOMAIN,
 * else the host of APP_URL (the web side's public address), else localhost
 * under `yarn rw dev`. Never the request's Host header: a proxying phishing
 * site could set it and have browsers fill the code in on its own pages.
 */
export const webOtpDomain = (env = process.env): string | undefined => {
  if (env.WEB_OTP_DOMAIN) {
    return env.WEB_OTP_DOMAIN
  }
  if (env.APP_URL) {
    try {
      return new URL(env.APP_URL).hostname
    } catch {
      throw new Error(
        'APP_URL must be an absolute URL, such as https://app.example.com'
      )
    }
  }
  return env.NODE_ENV === 'development' ? 'localhost' : undefined
}

const list = (name: string, fallback: string[]) =>
  // eslint-disable-next-line @redwoodjs/process-env-computed
  (process.env[name] ?? fallback.join(','))
    .split(',')
    .map((entry) => entry.trim().toUpperCase())
    .filter(Boolean)

export type SmsProviderName = 'plivo' | 'twilio' | 'console' | 'outbox'

const SMS_PROVIDERS: SmsProviderName[] = [
  'plivo',
  'twilio',
  'console',
  'outbox',
]

/** What each real provider needs; checked at start for every provider named. */
const PROVIDER_SETTINGS = {
  plivo: ['PLIVO_AUTH_ID', 'PLIVO_AUTH_TOKEN', 'PLIVO_PHONE_NUMBER'],
  twilio: ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'],
} as const

/**
 * SMS_ALLOW_DEV_TRANSPORTS=1 lets a production-like environment that is not
 * production itself (the benchmark, NODE_ENV=benchmark) use `console` or
 * `outbox`, so it runs production code paths and can still read its codes.
 */
const devTransportsAllowed = (productionLike: boolean) => {
  if (process.env.SMS_ALLOW_DEV_TRANSPORTS !== '1') {
    return !productionLike
  }
  if (process.env.NODE_ENV === 'production') {
    throw new Error(
      'SMS_ALLOW_DEV_TRANSPORTS=1 is refused when NODE_ENV=production: console and outbox deliver codes to no one'
    )
  }
  return true
}

const assertProviderSettings = (provider: SmsProviderName) => {
  if (provider !== 'plivo' && provider !== 'twilio') return
  const names = PROVIDER_SETTINGS[provider]
  // eslint-disable-next-line @redwoodjs/process-env-computed
  const missing = names.filter((name) => !process.env[name])
  if (missing.length > 0) {
    throw new Error(
      `SMS_PROVIDER names ${provider}, which needs ${names.join(', ')}: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set`
    )
  }
  // The SDK refuses any other at start, without naming the variable.
  if (
    provider === 'twilio' &&
    !process.env.TWILIO_ACCOUNT_SID?.startsWith('AC')
  ) {
    throw new Error(
      'TWILIO_ACCOUNT_SID must be the account SID from the Twilio console, which starts with AC'
    )
  }
}

/**
 * One provider, or two separated by a comma: the second sends when the first
 * fails or times out. Every provider named must be usable at start.
 */
const smsProviders = (productionLike: boolean): SmsProviderName[] => {
  const chosen =
    process.env.SMS_PROVIDER ||
    (process.env.PLIVO_AUTH_ID
      ? 'plivo'
      : process.env.TWILIO_ACCOUNT_SID
        ? 'twilio'
        : 'console')
  const names = chosen.split(',').map((name) => name.trim())
  if (
    names.length > 2 ||
    new Set(names).size !== names.length ||
    !names.every((name) => SMS_PROVIDERS.includes(name as SmsProviderName))
  ) {
    throw new Error(
      `SMS_PROVIDER must be plivo, twilio, console or outbox, or two different ones separated by a comma for failover (got "${chosen}")`
    )
  }
  for (const name of names) {
    if (
      (name === 'console' || name === 'outbox') &&
      !devTransportsAllowed(productionLike)
    ) {
      throw new Error(
        `SMS_PROVIDER=${name} would not deliver codes to anyone; NODE_ENV=${process.env.NODE_ENV ?? '(unset)'} gets production rules, which need SMS_PROVIDER=plivo or twilio`
      )
    }
    assertProviderSettings(name as SmsProviderName)
  }
  return names as SmsProviderName[]
}

/** The SMS providers, in the order they are tried, and their settings. */
const smsSettings = (productionLike: boolean) => {
  const providers = smsProviders(productionLike)
  return {
    providers,
    // Bounds each provider's attempt. With a failover the default halves, so
    // a send that tries both still answers within 10 seconds.
    timeoutMs: int('SMS_TIMEOUT_MS', 10_000 / providers.length, {
      min: 100,
      max: 60_000,
    }),
    outboxPath: process.env.SMS_OUTBOX_PATH || undefined,
    // smsProviders has checked these for every provider named.
    plivo: {
      authId: process.env.PLIVO_AUTH_ID ?? '',
      authToken: process.env.PLIVO_AUTH_TOKEN ?? '',
      from: process.env.PLIVO_PHONE_NUMBER ?? '',
    },
    twilio: {
      accountSid: process.env.TWILIO_ACCOUNT_SID ?? '',
      authToken: process.env.TWILIO_AUTH_TOKEN ?? '',
      from: process.env.TWILIO_FROM ?? '',
    },
  }
}

/**
 * Codes are stored as HMAC-SHA-256 under this key. Without OTP_HMAC_SECRET it
 * is derived from SESSION_SECRET, so a fresh checkout needs one secret only.
 */
const otpHmacKey = () => {
  const explicit = process.env.OTP_HMAC_SECRET
  if (explicit) {
    assertStrongSecret('OTP_HMAC_SECRET', explicit)
    return Buffer.from(explicit, 'utf8')
  }
  return Buffer.from(
    crypto.hkdfSync(
      'sha256',
      sessionSecret(),
      'redwood-2fa',
      'otp-hmac-key',
      32
    )
  )
}

const sessionSecret = () => {
  const secret = process.env.SESSION_SECRET
  if (!secret) {
    throw new Error(
      `SESSION_SECRET is not set: run the set-up script, or add one to .env. Make one with: ${HOW_TO_MAKE_A_SECRET}`
    )
  }
  return secret
}

/**
 * dbAuth encrypts the session cookie with the first 32 characters of
 * SESSION_SECRET as its AES-256 key: those must be 32 bytes (or every sign-up
 * fails on an invalid key length) and strong on their own.
 */
const assertSessionSecret = () => {
  const secret = sessionSecret()
  assertStrongSecret('SESSION_SECRET', secret)
  const cookieKey = secret.substring(0, 32)
  if (Buffer.byteLength(cookieKey, 'utf8') !== 32) {
    throw new Error(
      `SESSION_SECRET must begin with 32 ASCII characters (dbAuth's cookie key). Make one with: ${HOW_TO_MAKE_A_SECRET}`
    )
  }
  assertStrongSecret(
    "SESSION_SECRET's first 32 characters (dbAuth's cookie key)",
    cookieKey
  )
}

const MAKE_A_KEY = HOW_TO_MAKE_A_SECRET

/** 32 bytes written as base64 (or base64url) or as 64 hex digits. */
const parseKey = (name: string, raw: string) => {
  const text = raw.trim()
  assertStrongSecret(name, text)
  const key = /^[0-9a-f]{64}$/i.test(text)
    ? Buffer.from(text, 'hex')
    : Buffer.from(text, 'base64')
  if (key.length !== 32) {
    throw new Error(
      `${name} must be 32 random bytes in base64 or hex; make one with ${MAKE_A_KEY}`
    )
  }
  return key
}

/**
 * Authenticator-app secrets are sealed under TWO_FACTOR_ENCRYPTION_KEY, which
 * production must set. In development it is derived from SESSION_SECRET so a
 * fresh checkout needs one secret only. Keys listed in
 * TWO_FACTOR_PREVIOUS_ENCRYPTION_KEYS still open what they sealed.
 */
const encryptionKeys = (
  productionLike: boolean
): { current: EncryptionKey; all: EncryptionKey[] } => {
  const raw = process.env.TWO_FACTOR_ENCRYPTION_KEY
  if (!raw && productionLike) {
    throw new Error(
      `TWO_FACTOR_ENCRYPTION_KEY is required under production rules (NODE_ENV=${process.env.NODE_ENV ?? '(unset)'}): authenticator-app secrets are encrypted with it; make one with ${MAKE_A_KEY}`
    )
  }
  const current = encryptionKey(
    raw
      ? parseKey('TWO_FACTOR_ENCRYPTION_KEY', raw)
      : Buffer.from(
          crypto.hkdfSync(
            'sha256',
            sessionSecret(),
            'redwood-2fa',
            'two-factor-encryption-key',
            32
          )
        )
  )
  const previous = (process.env.TWO_FACTOR_PREVIOUS_ENCRYPTION_KEYS ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) =>
      encryptionKey(parseKey('TWO_FACTOR_PREVIOUS_ENCRYPTION_KEYS', entry))
    )
  return { current, all: [current, ...previous] }
}

const readConfig = () => {
  const productionLike = isProductionLike()
  assertSessionSecret()
  const redisConnection = redisConnectionConfig()
  if (productionLike && !redisConnection) {
    throw new Error(
      `REDIS_URL is required (or REDIS_CLUSTER_NODES, or REDIS_SENTINELS with REDIS_SENTINEL_NAME): NODE_ENV=${process.env.NODE_ENV ?? '(unset)'} gets production rules, and one-time codes, attempt counters and sessions live in Redis`
    )
  }
  return {
    isProductionLike: productionLike,
    redisUrl: process.env.REDIS_URL || undefined,
    /** One server, a Cluster or Sentinel (lib/redis/connectionConfig.ts). */
    redisConnection,
    /** Names the app in authenticator apps (the TOTP issuer). */
    appName: process.env.APP_NAME || 'Redwood 2FA',
    totp: {
      encryptionKeys: encryptionKeys(productionLike),
      /** An authenticator app not confirmed within this time must start again. */
      enrollmentSeconds: int('TOTP_ENROLLMENT_SECONDS', 600, { max: 3600 }),
    },
    otp: {
      ttlSeconds: int('OTP_TTL_SECONDS', 300, { min: 30, max: 600 }),
      maxAttemptsPerCode: int('OTP_MAX_ATTEMPTS', 5, { max: 5 }),
      hmacKey: otpHmacKey(),
    },
    lockout: {
      maxFailures: int('TWO_FACTOR_MAX_FAILURES', 10, { max: 100 }),
      windowSeconds: int('TWO_FACTOR_FAILURE_WINDOW_SECONDS', 900),
      lockSeconds: int('TWO_FACTOR_LOCK_SECONDS', 900),
      // NIST SP 800-63B: no more than 100 consecutive failed attempts.
      maxConsecutiveFailures: int('TWO_FACTOR_MAX_CONSECUTIVE_FAILURES', 100, {
        max: 100,
      }),
      hardLockSeconds: int('TWO_FACTOR_HARD_LOCK_SECONDS', 24 * 60 * 60),
      // A session that guesses wrong this often is ended: whoever has only
      // the password must sign in again (and sign-in is throttled).
      maxFailuresPerSession: int('TWO_FACTOR_MAX_FAILURES_PER_SESSION', 5, {
        max: 10,
      }),
    },
    sending: {
      cooldownSeconds: int('OTP_RESEND_COOLDOWN_SECONDS', 60),
      maxCooldownSeconds: int('OTP_RESEND_MAX_COOLDOWN_SECONDS', 15 * 60),
      maxPerAccountPerHour: int('OTP_MAX_SENDS_PER_HOUR', 5),
      maxPerDestinationPerHour: int('OTP_MAX_SENDS_PER_NUMBER_PER_HOUR', 5),
      globalHourlyBudget: int('SMS_HOURLY_BUDGET', 500),
      // Texts to numbers not yet proven (enrolment) may use this share of the
      // budget; the rest is kept for sign-in codes to proven numbers.
      enrollmentBudgetPercent: int('SMS_ENROLLMENT_BUDGET_PERCENT', 50, {
        max: 90,
      }),
      enrollmentMaxPerAddressPerHour: int(
        'SMS_ENROLLMENT_MAX_PER_ADDRESS_PER_HOUR',
        10
      ),
      allowedCountries: list('SMS_ALLOWED_COUNTRIES', [
        'US',
        'CA',
        'GB',
        'IE',
        'AU',
        'NZ',
        'DE',
        'FR',
        'NL',
        'BE',
        'AT',
        'CH',
        'SE',
        'NO',
        'DK',
        'FI',
        'ES',
        'PT',
        'IT',
      ]),
      webOtpDomain: webOtpDomain(),
    },
    login: {
      // Failed sign-ins allowed before each further one adds a growing delay
      // (1 s, doubling, up to maxDelaySeconds); the count forgets after
      // failureWindowSeconds without a failure. An address is shared by
      // everyone behind one NAT, so it gets more.
      freeFailuresPerAccount: int('LOGIN_FREE_FAILURES_PER_ACCOUNT', 5, {
        max: 100,
      }),
      freeFailuresPerAddress: int('LOGIN_FREE_FAILURES_PER_ADDRESS', 20, {
        max: 10_000,
      }),
      maxDelaySeconds: int('LOGIN_MAX_DELAY_SECONDS', 15 * 60),
      failureWindowSeconds: int('LOGIN_FAILURE_WINDOW_SECONDS', 60 * 60),
    },
    passwords: {
      // Password hashes computed at once; one core stays free for requests.
      hashConcurrency: int(
        'PASSWORD_HASH_CONCURRENCY',
        Math.max(1, os.availableParallelism() - 1),
        { max: 64 }
      ),
    },
    session: {
      idleSeconds: int('SESSION_IDLE_SECONDS', 30 * 60),
      maxSeconds: int('SESSION_MAX_SECONDS', 12 * 60 * 60),
      freshSeconds: int('TWO_FACTOR_FRESH_SECONDS', 600, { max: 600 }),
    },
    server: {
      // Requests in flight at SIGTERM get this long before the api exits
      // anyway: inside Docker's 10 s and Kubernetes' 30 s stop deadlines.
      shutdownGraceSeconds: int('SHUTDOWN_GRACE_SECONDS', 8, { max: 300 }),
    },
    sms: smsSettings(productionLike),
  }
}

export type Config = ReturnType<typeof readConfig>

let cached: Config | undefined

/** Read and validated on first use; `resetConfig()` lets tests change env. */
export const config = (): Config => (cached ??= readConfig())

export const resetConfig = () => {
  cached = undefined
}
