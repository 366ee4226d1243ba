// What a login flood costs everyone else: a trivial authenticated query's
// p50 while 16 clients send wrong passwords to /auth, each from a loopback
// address of its own (127.0.0.11 to .26, so the per-address limit alone
// cannot hide the cost of hashing), as a ratio to its p50 with no flood.
import http from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'

import { cycle, percentile } from './client.mjs'
import { step } from './processes.mjs'

const CLIENTS = 16
const TARGET_RATIO = 2
/** Time for the flood to fill the server's hashing queue before measuring. */
const RAMP_UP_MS = 1_000

const post = (agent, port, body) =>
  new Promise((resolve) => {
    const headers = { 'content-type': 'application/json' }
    const to = { host: '127.0.0.1', port, method: 'POST', path: '/auth' }
    const request = http.request({ ...to, agent, headers }, (response) => {
      response.resume().on('end', () => resolve(response.statusCode))
    })
    request.on('error', () => resolve('error'))
    request.end(body)
  })

/**
 * One attacker: wrong passwords, one after another on a keep-alive
 * connection, ignoring Retry-After. Each attempt names another email, so no
 * account's own limit stops it before its address's does.
 */
const attacker = async (port, client, flood) => {
  const localAddress = `127.0.0.${11 + client}`
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1, localAddress })
  for (let attempt = 1; !flood.stopped; attempt++) {
    const body = JSON.stringify({
      method: 'login',
      username: `flood-${client}-${attempt}@example.com`,
      password: 'a wrong password, guessed',
    })
    const status = await post(agent, port, body)
    flood.answers[status] = (flood.answers[status] ?? 0) + 1
  }
  agent.destroy()
}

/** `sessions`: signed-in, verified sessions of the api `client` serves on `port`. */
export const measureLoginFlood = async (client, port, sessions, queries) => {
  step(
    `twoFactorStatus alone, then under a login flood from ${CLIENTS} addresses`
  )
  const statusP50 = async () => {
    const batch = await client.sendOk('status', cycle(sessions, queries), 1)
    return { p50: percentile(batch.latenciesMs, 50), batch }
  }
  const alone = await statusP50()
  const flood = { stopped: false, answers: {}, startedAt: Date.now() }
  const attackers = Array.from({ length: CLIENTS }, (_, n) =>
    attacker(port, n, flood)
  )
  let flooded
  try {
    await sleep(RAMP_UP_MS)
    flooded = await statusP50()
  } finally {
    flood.stopped = true
    await Promise.all(attackers)
  }
  const seconds = (Date.now() - flood.startedAt) / 1000
  const logins = Object.values(flood.answers).reduce((a, b) => a + b, 0)
  const round2 = (value) => Math.round(value * 100) / 100
  return {
    clients: CLIENTS,
    queries,
    idleP50Ms: round2(alone.p50),
    floodedP50Ms: round2(flooded.p50),
    floodedP99Ms: round2(percentile(flooded.batch.latenciesMs, 99)),
    ratio: round2(flooded.p50 / alone.p50),
    target: TARGET_RATIO,
    floodSeconds: round2(seconds),
    loginsPerSecond: round2(logins / seconds),
    // 400: the password was checked (hashed) and wrong; 429: refused by
    // the throttle before any hashing.
    loginAnswers: flood.answers,
  }
}
