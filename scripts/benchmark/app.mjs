// An app under test: a checkout of this project (this one, or an older one
// given with --app), its api built, migrated into a database of its own,
// seeded with accounts that have 2FA on, and served the way `yarn rw serve
// api` serves it.
import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

import { parsePhoneNumberFromString } from 'libphonenumber-js/max'

import dbAuth from '@redwoodjs/auth-dbauth-api'

import { removeSqliteDatabase } from '../lib/localRun.mjs'

import { run, startServer } from './processes.mjs'

export const PASSWORD = 'bench password that is long enough'
/** The app's defaults, set explicitly so a developer's .env cannot move what the checks expect. */
export const OTP_MAX_ATTEMPTS = 5
export const TWO_FACTOR_MAX_FAILURES = 10
/** Relative `file:` URLs resolve against api/db/, as in the app. */
const DATABASE = 'bench.db'

export const describeApp = (dir) => {
  const git = (...args) =>
    execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim()
  const dirty = git('status', '--porcelain', '--', 'api') ? '+' : '' // what is served
  return { dir, label: `${git('rev-parse', '--short', 'HEAD')}${dirty}` }
}

/**
 * Distinct US numbers that reach no one (555-0100 to 555-0199 is reserved
 * for fiction in every area code), valid by the metadata the app checks with.
 */
const fictionalUsNumbers = (count) => {
  const numbers = []
  for (let area = 201; area <= 989 && numbers.length < count; area++) {
    for (let line = 100; line <= 199 && numbers.length < count; line++) {
      const parsed = parsePhoneNumberFromString(`+1${area}5550${line}`)
      if (!parsed?.isValid() || parsed.country !== 'US') {
        break // an area code not in use: the next one
      }
      numbers.push(parsed.number)
    }
  }
  return numbers
}

/**
 * `count` accounts with 2FA on (a verified number), written with the app's
 * own Prisma client. One dbAuth hash of the password serves them all, so
 * seeding costs one scrypt; every login still checks it at full cost.
 * Checkouts before the SecondFactor model kept the number on the user row.
 */
const seedAccounts = async (dir, count) => {
  const appRequire = createRequire(path.join(dir, 'api/package.json'))
  const { PrismaClient } = appRequire('@prisma/client')
  const { PrismaLibSQL } = appRequire('@prisma/adapter-libsql')
  const url = `file:${path.join(dir, 'api/db', DATABASE)}`
  const db = new PrismaClient({ adapter: new PrismaLibSQL({ url }) })
  const schema = fs.readFileSync(path.join(dir, 'api/db/schema.prisma'), 'utf8')
  const factorRows = schema.includes('model SecondFactor')
  const [hashedPassword, salt] = dbAuth.hashPassword(PASSWORD)
  const numbers = fictionalUsNumbers(count)
  try {
    await db.user.createMany({
      data: numbers.map((phoneNumber) => ({
        email: `bench-${phoneNumber.slice(2)}@example.com`,
        hashedPassword,
        salt,
        ...(factorRows ? {} : { phoneNumber, isTwoFactorEnabled: true }),
      })),
    })
    const users = await db.user.findMany({
      select: { id: true, email: true },
      orderBy: { id: 'asc' },
    })
    const withNumbers = users.map((user, i) => ({ ...user, phone: numbers[i] }))
    if (factorRows) {
      await db.secondFactor.createMany({
        data: withNumbers.map(({ id, phone }) => ({
          userId: id,
          kind: 'SMS',
          phoneNumber: phone,
          verifiedAt: new Date(),
        })),
      })
    }
    return withNumbers
  } finally {
    await db.$disconnect()
  }
}

/** A fresh bench database, the built api and `count` seeded accounts. */
export const prepareApp = async (app, count, { log }) => {
  removeSqliteDatabase(path.join(app.dir, 'api/db', DATABASE))
  const env = { DATABASE_URL: `file:./${DATABASE}` }
  const options = { cwd: app.dir, env, log }
  await run('yarn', ['prisma', 'migrate', 'deploy'], options)
  await run('yarn', ['rw', 'build', 'api'], options)
  app.users = await seedAccounts(app.dir, count)
}

export const removeAppDatabase = (app) =>
  removeSqliteDatabase(path.join(app.dir, 'api/db', DATABASE))

/**
 * NODE_ENV=benchmark gets production rules (any value but development and
 * test does), so production's code is measured; SMS_ALLOW_DEV_TRANSPORTS=1
 * lets it use the outbox the bench reads codes from, which only
 * NODE_ENV=production itself refuses. LOG_LEVEL=warn: the audit lines would
 * measure the log. The send limits are raised (a one-second wait between
 * resends that never grows) so rounds measure the code paths, not the
 * limits; the attempt and lockout limits keep their defaults.
 */
const apiEnvironment = ({ port, redisUrl, outbox }) => ({
  NODE_ENV: 'benchmark',
  SMS_ALLOW_DEV_TRANSPORTS: '1',
  TWO_FACTOR_ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64'),
  LOG_LEVEL: 'warn',
  REDWOOD_API_PORT: String(port),
  REDWOOD_API_HOST: '127.0.0.1',
  REDWOOD_DISABLE_TELEMETRY: '1',
  DATABASE_URL: `file:./${DATABASE}`,
  REDIS_URL: redisUrl,
  SMS_PROVIDER: 'outbox',
  SMS_OUTBOX_PATH: outbox,
  SMS_ALLOWED_COUNTRIES: 'US',
  OTP_TTL_SECONDS: '600',
  OTP_MAX_ATTEMPTS: String(OTP_MAX_ATTEMPTS),
  OTP_RESEND_COOLDOWN_SECONDS: '1',
  OTP_RESEND_MAX_COOLDOWN_SECONDS: '1',
  OTP_MAX_SENDS_PER_HOUR: '1000',
  OTP_MAX_SENDS_PER_NUMBER_PER_HOUR: '1000',
  SMS_HOURLY_BUDGET: '1000000',
  TWO_FACTOR_MAX_FAILURES: String(TWO_FACTOR_MAX_FAILURES),
  TWO_FACTOR_FAILURE_WINDOW_SECONDS: '900',
  TWO_FACTOR_LOCK_SECONDS: '900',
})

// `node --cpu-prof` writes its profile at exit, which a signal skips.
const EXIT_ON_SIGTERM =
  'data:text/javascript,process.once("SIGTERM",()=>process.exit(0))'

/**
 * Starts what `yarn rw serve api` starts (the app's server file, or Redwood's
 * own api server in checkouts without one) as a direct child, so that the
 * process measured and profiled is the server itself.
 */
export const serveApp = (app, { port, redisUrl, outbox, log, profileDir }) => {
  const dist = path.join(app.dir, 'api/dist')
  const script = fs.existsSync(path.join(dist, 'server.js'))
    ? ['server.js']
    : [
        createRequire(path.join(app.dir, 'package.json')).resolve(
          '@redwoodjs/api-server/dist/bin.js'
        ),
        'api',
      ]
  const profile = profileDir
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${profileDir}`,
        '--import',
        EXIT_ON_SIGTERM,
      ]
    : []
  const env = apiEnvironment({ port, redisUrl, outbox })
  const cwd = script.length === 1 ? dist : app.dir
  const command = [process.execPath, ...profile, ...script]
  return startServer(`api of ${app.label}`, port, command, { cwd, env, log })
}
