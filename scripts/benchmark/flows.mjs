// The sign-in steps a browser goes through, run in batches against the api,
// each batch timed and its server CPU measured.
import { runRound } from './load.mjs'
import { processCpuSeconds } from './processes.mjs'
import {
  loginRequest,
  operations,
  outcomeOf,
  sessionCookieOf,
} from './requests.mjs'
import { BENCH_PASSWORD } from './settings.mjs'

const countInto = (counts, key) => {
  counts[key] = (counts[key] ?? 0) + 1
}

const assertAll = (what, outcomes, expected = 'OK') => {
  const unexpected = Object.entries(outcomes).filter(
    ([key]) => key !== expected
  )
  if (unexpected.length > 0) {
    throw new Error(`${what}: unexpected outcomes ${JSON.stringify(outcomes)}`)
  }
}

/**
 * @param baseUrl the api, e.g. http://127.0.0.1:8921
 * @param serverPid the process whose CPU is charged to each batch
 * @param outbox where the codes requestOtp sends end up
 */
export const createFlows = ({ baseUrl, serverPid, outbox }) => {
  /** One batch of requests with its outcomes and the server CPU it cost. */
  const runBatch = async ({
    name,
    connections,
    items,
    toRequest,
    onResponse,
  }) => {
    const outcomes = {}
    const cpuBefore = processCpuSeconds(serverPid)
    const round = await runRound({
      baseUrl,
      connections,
      items,
      toRequest,
      onResponse: (item, response) => {
        countInto(outcomes, onResponse(item, response))
      },
    })
    const cpuSeconds = processCpuSeconds(serverPid) - cpuBefore
    return { name, connections, ...round, cpuSeconds, outcomes }
  }

  /** Runs a GraphQL operation once per item; `onAnswer` may look at each response. */
  const runOperation = (
    name,
    { connections, items, sessionOf, otpOf, onAnswer }
  ) => {
    const operation = operations[name]
    return runBatch({
      name,
      connections,
      items,
      toRequest: (item) =>
        operation.request(sessionOf(item), otpOf ? otpOf(item) : undefined),
      onResponse: (item, { status, body, headers }) => {
        const outcome = outcomeOf(operation.field, status, body)
        onAnswer?.(item, outcome, headers)
        return outcome
      },
    })
  }

  /** dbAuth logins through /auth; every account gets a pending session. */
  const logIn = async (users, connections) => {
    const sessions = []
    const batch = await runBatch({
      name: 'login',
      connections,
      items: users,
      toRequest: (user) => loginRequest(user, BENCH_PASSWORD),
      onResponse: (user, { status, headers }) => {
        const cookie = sessionCookieOf(headers)
        if (status !== 200 || !cookie) {
          return `HTTP_${status}`
        }
        sessions.push({ user, cookie })
        return 'OK'
      },
    })
    assertAll('login', batch.outcomes)
    return { sessions, batch }
  }

  /** requestOtp once per session; each session then holds its code. */
  const requestCodes = async (sessions, connections) => {
    const batch = await runOperation('request', {
      connections,
      items: sessions,
      sessionOf: (session) => session,
    })
    assertAll('requestOtp', batch.outcomes)
    outbox.attachCodes(sessions)
    return batch
  }

  /**
   * verifyOtp once per session with its own code. The answer re-issues the
   * session (a new id in a new cookie), which the session keeps.
   */
  const verifyCodes = async (sessions, connections) => {
    const batch = await runOperation('verify', {
      connections,
      items: sessions,
      sessionOf: (session) => session,
      onAnswer: (session, outcome, headers) => {
        if (outcome === 'OK') {
          session.cookie = sessionCookieOf(headers) ?? session.cookie
          session.verified = true
        }
      },
    })
    assertAll('verifyOtp', batch.outcomes)
    return batch
  }

  /** `count` twoFactorStatus queries spread over the given sessions. */
  const queryStatus = async (sessions, count, connections) => {
    const items = Array.from(
      { length: count },
      (_, i) => sessions[i % sessions.length]
    )
    const batch = await runOperation('trivial', {
      connections,
      items,
      sessionOf: (session) => session,
    })
    assertAll('twoFactorStatus', batch.outcomes)
    return batch
  }

  /** `count` authenticated no-op queries spread over the given sessions. */
  const queryFloor = async (sessions, count, connections) => {
    const items = Array.from(
      { length: count },
      (_, i) => sessions[i % sessions.length]
    )
    const batch = await runOperation('floor', {
      connections,
      items,
      sessionOf: (session) => session,
    })
    assertAll('{ __typename }', batch.outcomes)
    return batch
  }

  return {
    runOperation,
    logIn,
    requestCodes,
    verifyCodes,
    queryStatus,
    queryFloor,
  }
}
