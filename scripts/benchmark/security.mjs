// The second factor's guarantees, checked while 32 connections race each
// other: a code verifies once; at most OTP_MAX_ATTEMPTS wrong guesses are
// compared with a code, and the one that reaches the cap kills it;
// TWO_FACTOR_MAX_FAILURES failures lock the account, and the lock holds
// against the right code. The app ends a session at its fifth wrong code, so
// each account's guesses come from two sessions at once: what is checked is
// the code's and the account's limits, which no number of sessions may pass.
import { setTimeout as sleep } from 'node:timers/promises'

import { OTP_MAX_ATTEMPTS, TWO_FACTOR_MAX_FAILURES } from './app.mjs'

const CONNECTIONS = 32
/** Failure answers, each counted by the account. */
const FAILURES = [
  'OTP_INVALID',
  'OTP_ATTEMPTS_EXCEEDED',
  'OTP_EXPIRED',
  'OTP_REPLACED',
  'TOO_MANY_FAILED_ATTEMPTS',
]

const sum = (outcomes, names) =>
  names.reduce((total, name) => total + (outcomes[name] ?? 0), 0)

/** Outcome counts per account, from [accountId, outcome] pairs. */
const byAccount = (answers) => {
  const accounts = new Map()
  for (const [id, outcome] of answers) {
    const counts = accounts.get(id) ?? {}
    counts[outcome] = (counts[outcome] ?? 0) + 1
    accounts.set(id, counts)
  }
  return [...accounts.values()]
}

const span = (values) => {
  const [min, max] = [Math.min(...values), Math.max(...values)]
  return min === max ? `${min}` : `${min}-${max}`
}

/**
 * Each session (holding a fresh code) sends it twice at once; then the
 * session the winner got back replays it.
 */
export const checkSingleUse = async (client, sessions) => {
  const answers = []
  const raced = await client.send(
    'verify',
    sessions.flatMap((session) => [session, session]),
    {
      connections: CONNECTIONS,
      onAnswer: (session, outcome) => answers.push([session.user.id, outcome]),
    }
  )
  const successes = byAccount(answers).map((counts) => counts.OK ?? 0)
  const replayed = await client.send('verify', sessions, {
    connections: CONNECTIONS,
  })
  return {
    passed:
      successes.length === sessions.length &&
      successes.every((n) => n === 1) &&
      !replayed.outcomes.OK,
    text:
      `single use: ${sessions.length} codes, each sent twice at once: ${span(successes)} success per code ` +
      `${JSON.stringify(raced.outcomes)}; replayed: ${JSON.stringify(replayed.outcomes)}`,
  }
}

const wrongCode = (code, n) =>
  String((Number(code) + 1 + n) % 1_000_000).padStart(6, '0')

/**
 * `each` wrong codes from each of an account's first two sessions, one
 * account's guesses next to each other so that they race.
 */
const guessWrong = async (client, accounts, each) => {
  const items = accounts.flatMap(([a, b]) =>
    Array.from({ length: 2 * each }, (_, n) => ({
      session: n % 2 ? b : a,
      otp: wrongCode(a.code, n),
    }))
  )
  const answers = []
  const { outcomes } = await client.send('verify', items, {
    connections: CONNECTIONS,
    sessionOf: (item) => item.session,
    otpOf: (item) => item.otp,
    onAnswer: (item, outcome) => answers.push([item.session.user.id, outcome]),
  })
  return Object.assign(byAccount(answers), { all: JSON.stringify(outcomes) })
}

/**
 * Accounts come as [a, b, c], three sessions each; a holds the live code.
 *  - per-code cap: 8 wrong guesses (4 from a, 4 from b); then c sends the
 *    right code, which must be dead (OTP_EXPIRED);
 *  - lockout: 16 wrong guesses (8 each from a and b); the account locks at
 *    exactly TWO_FACTOR_MAX_FAILURES, and c, asking for a new code (the app
 *    sends none while locked) and sending the newest right one, is refused
 *    with TWO_FACTOR_LOCKED.
 */
export const checkAttemptCaps = async (client, capAccounts, lockAccounts) => {
  const holders = [...capAccounts, ...lockAccounts].map(([a]) => a)
  await client.sendOk('request', holders, CONNECTIONS)
  for (const [a, , c] of [...capAccounts, ...lockAccounts]) {
    c.code = a.code
  }

  const capped = await guessWrong(client, capAccounts, 4)
  const afterCap = await client.send(
    'verify',
    capAccounts.map(([, , c]) => c),
    { connections: CONNECTIONS }
  )
  const compared = capped.map((o) => sum(o, FAILURES.slice(0, 2)))
  const kills = capped.map((o) => o.OTP_ATTEMPTS_EXCEEDED ?? 0)

  const locked = await guessWrong(client, lockAccounts, 8)
  await sleep(1_100) // the bench's resend wait
  const lastSessions = lockAccounts.map(([, , c]) => c)
  const newCode = await client.send('request', lastSessions, {
    connections: CONNECTIONS,
  })
  const whileLocked = await client.send('verify', lastSessions, {
    connections: CONNECTIONS,
  })
  const beforeLock = locked.map((o) => sum(o, FAILURES))
  const lockCompared = locked.map((o) => sum(o, FAILURES.slice(0, 2)))

  return [
    {
      passed:
        compared.every((n) => n <= OTP_MAX_ATTEMPTS) &&
        kills.every((n) => n === 1) &&
        capped.every((o) => !o.TWO_FACTOR_LOCKED) &&
        afterCap.outcomes.OTP_EXPIRED === capAccounts.length,
      text:
        `per-code cap: ${capAccounts.length} accounts x 8 wrong guesses from 2 sessions: ${span(compared)} compared ` +
        `with the code (cap ${OTP_MAX_ATTEMPTS}), ${span(kills)} killed it ${capped.all}; ` +
        `the right code from a third session: ${JSON.stringify(afterCap.outcomes)}`,
    },
    {
      passed:
        beforeLock.every((n) => n === TWO_FACTOR_MAX_FAILURES - 1) &&
        locked.every((o) => o.TWO_FACTOR_LOCKED >= 1) &&
        lockCompared.every((n) => n <= OTP_MAX_ATTEMPTS) &&
        whileLocked.outcomes.TWO_FACTOR_LOCKED === lastSessions.length,
      text:
        `lockout: ${lockAccounts.length} accounts x 16 wrong guesses from 2 sessions: ${span(beforeLock)} failures ` +
        `answered before TWO_FACTOR_LOCKED (locks at ${TWO_FACTOR_MAX_FAILURES}) ${locked.all}; a third session ` +
        `asks for a code: ${JSON.stringify(newCode.outcomes)}, sends the right one: ${JSON.stringify(whileLocked.outcomes)}`,
    },
  ]
}
