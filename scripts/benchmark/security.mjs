// The second factor's guarantees, checked while 32 connections race each
// other: a code verifies once, a code survives at most OTP_MAX_ATTEMPTS wrong
// guesses, and TWO_FACTOR_MAX_FAILURES failures lock the account.
import { setTimeout as sleep } from 'node:timers/promises'

import { sessionCookieOf } from './requests.mjs'
import {
  GUESSES_PAST_CODE_CAP,
  GUESSES_PAST_LOCKOUT,
  OTP_MAX_ATTEMPTS,
  TWO_FACTOR_MAX_FAILURES,
} from './settings.mjs'

const countsByKey = (entries) => {
  const counts = new Map()
  for (const [key, outcome] of entries) {
    const forKey = counts.get(key) ?? {}
    forKey[outcome] = (forKey[outcome] ?? 0) + 1
    counts.set(key, forKey)
  }
  return [...counts.values()]
}

const range = (values) => ({
  min: Math.min(...values),
  max: Math.max(...values),
})

/**
 * Each session sends its correct code twice at once (the copies sit next to
 * each other in the queue, so they go out on different connections together),
 * then replays it with the session the winner got back.
 */
export const checkSingleUse = async (flows, sessions, connections) => {
  const answers = []
  const winners = new Map()
  const raced = await flows.runOperation('verify', {
    connections,
    items: sessions.flatMap((session) => [session, session]),
    sessionOf: (session) => session,
    onAnswer: (session, outcome, headers) => {
      answers.push([session.user.id, outcome])
      if (outcome === 'OK') {
        winners.set(session, headers)
      }
    },
  })
  const perCode = countsByKey(answers).map((outcomes) => outcomes.OK ?? 0)

  const replays = [...winners].map(([session, headers]) => ({
    ...session,
    cookie: sessionCookieOf(headers),
  }))
  const replayed = await flows.runOperation('verify', {
    connections,
    items: replays,
    sessionOf: (session) => session,
  })

  return {
    codes: sessions.length,
    parallelAttemptsPerCode: 2,
    successesPerCode: range(perCode),
    racedOutcomes: raced.outcomes,
    replayOutcomes: replayed.outcomes,
    passed:
      perCode.length === sessions.length &&
      perCode.every((successes) => successes === 1) &&
      !replayed.outcomes.OK,
  }
}

/** A six-digit code that is not the right one. */
const wrongCode = (code, n) =>
  String((Number(code) + 1 + n) % 1_000_000).padStart(6, '0')

/** Every session sends `guesses` wrong codes, all of one session's at once. */
const guessWrong = async (flows, sessions, guesses, connections) => {
  const answers = []
  const items = sessions.flatMap((session) =>
    Array.from({ length: guesses }, (_, n) => ({
      session,
      otp: wrongCode(session.code, n),
    }))
  )
  const batch = await flows.runOperation('verify', {
    connections,
    items,
    sessionOf: (item) => item.session,
    otpOf: (item) => item.otp,
    onAnswer: (item, outcome) => answers.push([item.session.user.id, outcome]),
  })
  return { outcomes: batch.outcomes, perUser: countsByKey(answers) }
}

/** Wrong guesses that were compared with the live code. */
const evaluatedAgainstCode = (outcomes) =>
  (outcomes.OTP_INVALID ?? 0) + (outcomes.OTP_ATTEMPTS_EXCEEDED ?? 0)

/** Failures the account counted before it locked. */
const failuresBeforeLock = (outcomes) =>
  (outcomes.OTP_INVALID ?? 0) +
  (outcomes.OTP_ATTEMPTS_EXCEEDED ?? 0) +
  (outcomes.OTP_EXPIRED ?? 0)

/**
 * Two groups of accounts, each holding a fresh code:
 *  - under the lockout: more wrong guesses than the per-code cap; at most
 *    OTP_MAX_ATTEMPTS are compared with the code, exactly one kills it, and
 *    the right code no longer works afterwards;
 *  - past the lockout: more wrong guesses than TWO_FACTOR_MAX_FAILURES; the
 *    account locks after exactly that many failures and even a new, correct
 *    code is refused while it is locked.
 */
export const checkAttemptCaps = async (
  flows,
  capGroup,
  lockGroup,
  connections
) => {
  await flows.requestCodes([...capGroup, ...lockGroup], connections)

  const capped = await guessWrong(
    flows,
    capGroup,
    GUESSES_PAST_CODE_CAP,
    connections
  )
  const locked = await guessWrong(
    flows,
    lockGroup,
    GUESSES_PAST_LOCKOUT,
    connections
  )

  const rightCodeAfterCap = await flows.runOperation('verify', {
    connections,
    items: capGroup,
    sessionOf: (session) => session,
  })

  // A new code for the locked accounts, once the (bench) resend cooldown is over.
  await sleep(1_100)
  await flows.requestCodes(lockGroup, connections)
  const rightCodeWhileLocked = await flows.runOperation('verify', {
    connections,
    items: lockGroup,
    sessionOf: (session) => session,
  })

  const capEvaluated = capped.perUser.map(evaluatedAgainstCode)
  const capKills = capped.perUser.map((o) => o.OTP_ATTEMPTS_EXCEEDED ?? 0)
  const lockEvaluated = locked.perUser.map(evaluatedAgainstCode)
  const lockFailures = locked.perUser.map(failuresBeforeLock)

  return {
    otpMaxAttempts: OTP_MAX_ATTEMPTS,
    twoFactorMaxFailures: TWO_FACTOR_MAX_FAILURES,
    perCodeCap: {
      accounts: capGroup.length,
      wrongGuessesEach: GUESSES_PAST_CODE_CAP,
      outcomes: capped.outcomes,
      evaluatedPerCode: range(capEvaluated),
      codesKilledPerAccount: range(capKills),
      rightCodeAfterwards: rightCodeAfterCap.outcomes,
      passed:
        capEvaluated.every((n) => n <= OTP_MAX_ATTEMPTS) &&
        capKills.every((n) => n === 1) &&
        !capped.outcomes.TWO_FACTOR_LOCKED &&
        !rightCodeAfterCap.outcomes.OK,
    },
    lockout: {
      accounts: lockGroup.length,
      wrongGuessesEach: GUESSES_PAST_LOCKOUT,
      outcomes: locked.outcomes,
      evaluatedPerCode: range(lockEvaluated),
      // The failure that locks answers TWO_FACTOR_LOCKED itself, hence - 1.
      failuresAnsweredBeforeLock: range(lockFailures),
      newCorrectCodeWhileLocked: rightCodeWhileLocked.outcomes,
      passed:
        lockEvaluated.every((n) => n <= OTP_MAX_ATTEMPTS) &&
        lockFailures.every((n) => n === TWO_FACTOR_MAX_FAILURES - 1) &&
        !rightCodeWhileLocked.outcomes.OK &&
        rightCodeWhileLocked.outcomes.TWO_FACTOR_LOCKED === lockGroup.length,
    },
  }
}
