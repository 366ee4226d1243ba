// What the benchmark runs and how big each part is. The sizes keep a full run
// within a few minutes on two cores: every pending session costs one real
// dbAuth login, and each login spends ~55 ms of server CPU on scrypt.

import crypto from 'node:crypto'

export const CONCURRENCY_LEVELS = [1, 8, 32]

/** Requests per round; a multiple of the connection count so every connection sends the same number. */
const FULL = {
  roundSize: { 1: 30, 8: 80, 32: 160 },
  repetitions: 4,
  warmUpUsers: 24,
  warmUpCycles: 4,
  warmUpQueries: 400,
  exchangeUsers: 100,
  redisCostRequests: 40,
  monitorRequests: 5,
  singleUseSessions: 128,
  attemptCapUsersPerGroup: 16,
  floodQueries: 300,
}

/** `--quick`: the same steps at a fraction of the size, to check the bench itself. */
const QUICK = {
  roundSize: { 1: 10, 8: 24, 32: 64 },
  repetitions: 2,
  warmUpUsers: 8,
  warmUpCycles: 2,
  warmUpQueries: 100,
  exchangeUsers: 20,
  redisCostRequests: 10,
  monitorRequests: 3,
  singleUseSessions: 32,
  attemptCapUsersPerGroup: 8,
  floodQueries: 100,
}

export const sizesFor = ({ quick }) => (quick ? QUICK : FULL)

/** Concurrency of the login-with-2FA exchange whose CPU is measured. */
export const EXCHANGE_CONCURRENCY = 8

/** The security checks run at the highest level measured. */
export const SECURITY_CONCURRENCY = 32

// The app's limits that the security checks assert. Set explicitly so a
// developer's .env cannot change what the checks expect.
export const OTP_MAX_ATTEMPTS = 5
export const TWO_FACTOR_MAX_FAILURES = 10

/** Wrong guesses per user: past the per-code cap but under the lockout... */
export const GUESSES_PAST_CODE_CAP = 8
/** ...and past both. */
export const GUESSES_PAST_LOCKOUT = 16

/** Ports nobody else uses here: 8910/8911 are the dev server, 8940/8941 the browser test. */
export const REDIS_PORTS = [6390, 6391, 6392, 6393, 6394, 6395]
export const API_PORTS = [8921, 8922, 8923, 8924, 8925, 8926]

/** Relative `file:` URLs resolve against api/db/, as in the app. */
export const DATABASE_FILE = 'bench.db'

export const BENCH_PASSWORD = 'bench password that is long enough'

/**
 * The api's environment. Redwood and the app treat any NODE_ENV other than
 * "development" and "test" as production (REDIS_URL required, masked errors,
 * no playground), so the server runs its production code paths. Production
 * rules refuse the outbox transport, which the benchmark reads its codes
 * from: SMS_ALLOW_DEV_TRANSPORTS=1 allows it, which the api refuses only for
 * NODE_ENV=production itself, hence a NODE_ENV of the benchmark's own.
 * LOG_LEVEL=warn leaves out the audit lines, which would only measure the
 * log.
 */
export const apiEnvironment = ({ apiPort, redisPort, outboxPath }) => ({
  NODE_ENV: 'benchmark',
  SMS_ALLOW_DEV_TRANSPORTS: '1',
  // Production rules want a key of its own; nothing sealed outlives the run.
  TWO_FACTOR_ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64'),
  LOG_LEVEL: 'warn',
  REDWOOD_API_PORT: String(apiPort),
  REDWOOD_API_HOST: '127.0.0.1',
  REDWOOD_DISABLE_TELEMETRY: '1',
  DATABASE_URL: `file:./${DATABASE_FILE}`,
  REDIS_URL: `redis://127.0.0.1:${redisPort}`,
  SMS_PROVIDER: 'outbox',
  SMS_OUTBOX_PATH: outboxPath,
  SMS_ALLOWED_COUNTRIES: 'US',
  // Codes must outlive the gap between a request round and its verify round.
  OTP_TTL_SECONDS: '600',
  OTP_MAX_ATTEMPTS: String(OTP_MAX_ATTEMPTS),
  // Raised so the bench measures the code paths, not the rate limits: every
  // bench number gets a few codes, and the app sends over a thousand.
  OTP_RESEND_COOLDOWN_SECONDS: '1',
  OTP_MAX_SENDS_PER_HOUR: '1000',
  OTP_MAX_SENDS_PER_NUMBER_PER_HOUR: '1000',
  SMS_HOURLY_BUDGET: '1000000',
  TWO_FACTOR_MAX_FAILURES: String(TWO_FACTOR_MAX_FAILURES),
  TWO_FACTOR_FAILURE_WINDOW_SECONDS: '900',
  TWO_FACTOR_LOCK_SECONDS: '900',
})
