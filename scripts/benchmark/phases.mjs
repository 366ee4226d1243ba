// The parts of a run, each on a server warmed up by the ones before.
import { setTimeout as sleep } from 'node:timers/promises'

import { timePasswordHashing } from './cpu.mjs'
import { measureLoginFlood } from './loginFlood.mjs'
import { step } from './progress.mjs'
import { measureRedisCost, scriptLoads } from './redisCost.mjs'
import { checkAttemptCaps, checkSingleUse } from './security.mjs'
import {
  CONCURRENCY_LEVELS,
  EXCHANGE_CONCURRENCY,
  SECURITY_CONCURRENCY,
} from './settings.mjs'

const LOGIN_CONCURRENCY = 4

/**
 * Round orders, one per repetition. Rotating them puts every operation early
 * and late in a repetition, so drift and bursts of machine noise hit all three
 * alike. A verify round needs the codes of an earlier request round, so
 * request always comes before verify.
 */
const ROUND_ORDERS = [
  ['trivial', 'request', 'verify'],
  ['request', 'verify', 'trivial'],
  ['request', 'trivial', 'verify'],
]

const roundSessionsNeeded = (sizes) =>
  CONCURRENCY_LEVELS.reduce(
    (n, c) => n + sizes.roundSize[c] * sizes.repetitions,
    0
  )

/** One account per session the run signs in: every session is used once. */
export const accountsNeeded = (sizes) =>
  sizes.warmUpUsers +
  sizes.exchangeUsers +
  sizes.redisCostRequests +
  sizes.monitorRequests +
  roundSessionsNeeded(sizes) +
  sizes.singleUseSessions +
  2 * sizes.attemptCapUsersPerGroup

/** Hands out consecutive, disjoint slices of a list. */
const slicer = (list) => {
  let next = 0
  return (count) => {
    if (next + count > list.length) {
      throw new Error(`Planned ${next + count} of a list of ${list.length}`)
    }
    return list.slice(next, (next += count))
  }
}

/**
 * Runs every path enough for the JIT and Redis's script cache to settle.
 * Not measured, so it may reuse sessions: a verified session can request and
 * verify another code exactly like a pending one. Returns verified sessions,
 * the trivial query's callers for the rest of the run.
 */
const warmUp = async (flows, users, sizes) => {
  step(`Warming up (${users.length} accounts)`)
  const { sessions } = await flows.logIn(users, LOGIN_CONCURRENCY)
  for (let cycle = 0; cycle < sizes.warmUpCycles; cycle++) {
    if (cycle > 0) {
      await sleep(1_100) // the bench's resend cooldown is one second
    }
    await flows.requestCodes(sessions, EXCHANGE_CONCURRENCY)
    await flows.verifyCodes(sessions, EXCHANGE_CONCURRENCY)
  }
  await flows.queryStatus(sessions, sizes.warmUpQueries, EXCHANGE_CONCURRENCY)
  return sessions
}

/**
 * The exchange whose server CPU is compared with password hashing: login,
 * requestOtp and verifyOtp for fresh accounts, on a warm server; then the
 * same number of password hashes timed in-process.
 */
const measureExchange = async (flows, users, passwordHash) => {
  step(
    `Login with 2FA for ${users.length} accounts (${EXCHANGE_CONCURRENCY} connections), server CPU measured`
  )
  const { sessions, batch: login } = await flows.logIn(
    users,
    EXCHANGE_CONCURRENCY
  )
  const request = await flows.requestCodes(sessions, EXCHANGE_CONCURRENCY)
  const verify = await flows.verifyCodes(sessions, EXCHANGE_CONCURRENCY)
  // What any authenticated GraphQL request pays, measured right here so it
  // shares the exchange's conditions: one no-op query per session.
  const floor = await flows.queryFloor(
    sessions,
    sessions.length,
    EXCHANGE_CONCURRENCY
  )

  step(`Timing dbAuth's password hashing ${users.length} times in-process`)
  const hashing = timePasswordHashing(users.length, passwordHash)
  return { login, request, verify, floor, hashing }
}

/** Round trips and commands per operation, one request at a time. */
const measureRedis = async (
  flows,
  stack,
  sessions,
  verifiedSessions,
  sizes
) => {
  const common = {
    redis: stack.redis,
    redisPid: stack.redisPid,
    requests: sizes.redisCostRequests,
    monitorRequests: sizes.monitorRequests,
  }
  const forRequest = slicer(sessions)
  const forVerify = slicer(sessions)
  return {
    floor: await measureRedisCost({
      ...common,
      sendSequentially: (n) => flows.queryFloor(verifiedSessions, n, 1),
    }),
    trivial: await measureRedisCost({
      ...common,
      sendSequentially: (n) => flows.queryStatus(verifiedSessions, n, 1),
    }),
    request: await measureRedisCost({
      ...common,
      sendSequentially: (n) => flows.requestCodes(forRequest(n), 1),
    }),
    verify: await measureRedisCost({
      ...common,
      sendSequentially: (n) => flows.verifyCodes(forVerify(n), 1),
    }),
  }
}

/**
 * For each concurrency level: one unrecorded warm-up round, then repetitions
 * of a trivial, a request and a verify round in rotating order. Each verify
 * round verifies the codes of the request round before it, every pending
 * session its own code exactly once.
 */
const runRounds = async (flows, sessions, verifiedSessions, sizes) => {
  const rounds = []
  const takeSessions = slicer(sessions)
  for (const connections of CONCURRENCY_LEVELS) {
    const size = sizes.roundSize[connections]
    step(
      `${connections} connection(s): ${sizes.repetitions} x (trivial, request, verify) rounds of ${size}`
    )
    await flows.queryStatus(verifiedSessions, size, connections)
    const holdingCodes = []
    for (let rep = 0; rep < sizes.repetitions; rep++) {
      for (const op of ROUND_ORDERS[rep % ROUND_ORDERS.length]) {
        let batch
        if (op === 'trivial') {
          batch = await flows.queryStatus(verifiedSessions, size, connections)
        } else if (op === 'request') {
          const pending = takeSessions(size)
          batch = await flows.requestCodes(pending, connections)
          holdingCodes.push(pending)
        } else {
          batch = await flows.verifyCodes(holdingCodes.shift(), connections)
        }
        rounds.push({ op, connections, rep, ...batch })
      }
    }
  }
  return rounds
}

/** Fresh accounts for each check, so no earlier failure counts toward a lockout. */
const checkSecurity = async (flows, take, sizes) => {
  step(`Security checks under ${SECURITY_CONCURRENCY} connections`)
  const singleUse = take(sizes.singleUseSessions)
  await flows.requestCodes(singleUse, SECURITY_CONCURRENCY)
  return {
    connections: SECURITY_CONCURRENCY,
    singleUse: await checkSingleUse(flows, singleUse, SECURITY_CONCURRENCY),
    attemptCaps: await checkAttemptCaps(
      flows,
      take(sizes.attemptCapUsersPerGroup),
      take(sizes.attemptCapUsersPerGroup),
      SECURITY_CONCURRENCY
    ),
  }
}

/** Every measurement, in an order that keeps each one on a warm server. */
export const measure = async (flows, stack, sizes) => {
  const take = slicer(stack.users)
  const verifiedSessions = await warmUp(flows, take(sizes.warmUpUsers), sizes)

  const redisCostUsers = take(sizes.redisCostRequests + sizes.monitorRequests)
  const roundUsers = take(roundSessionsNeeded(sizes))
  step(
    `Logging in ${redisCostUsers.length + roundUsers.length} accounts for the measured rounds`
  )
  const redisCostLogin = await flows.logIn(redisCostUsers, LOGIN_CONCURRENCY)
  const roundLogin = await flows.logIn(roundUsers, LOGIN_CONCURRENCY)

  step('Counting Redis round trips and commands per request')
  const redisCost = await measureRedis(
    flows,
    stack,
    redisCostLogin.sessions,
    verifiedSessions,
    sizes
  )
  const rounds = await runRounds(
    flows,
    roundLogin.sessions,
    verifiedSessions,
    sizes
  )
  const exchange = await measureExchange(
    flows,
    take(sizes.exchangeUsers),
    stack.passwordHash
  )
  const securityLogin = await flows.logIn(
    take(sizes.singleUseSessions + 2 * sizes.attemptCapUsersPerGroup),
    LOGIN_CONCURRENCY
  )
  const security = await checkSecurity(
    flows,
    slicer(securityLogin.sessions),
    sizes
  )
  // Last: the flood leaves its addresses throttled.
  const loginFlood = await measureLoginFlood(
    flows,
    stack.apiPort,
    verifiedSessions,
    sizes.floodQueries
  )
  return {
    loginFlood,
    redisCost,
    rounds,
    exchange,
    security,
    scriptLoads: await scriptLoads(stack.redis),
    redisVersion: (await stack.redis.info('server')).match(
      /redis_version:(\S+)/
    )?.[1],
    otherLogins: [redisCostLogin.batch, roundLogin.batch],
  }
}
