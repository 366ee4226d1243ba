// What a login flood costs everyone else: a trivial authenticated query's
// p50 while 16 clients send wrong passwords to /auth, each from a loopback
// address of its own (127.0.0.x, so the per-address limit alone cannot hide
// the cost of hashing), as a ratio to the same query's p50 with no flood.
import http from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'

import { cycle, percentile } from './client.mjs'
import { step } from './processes.mjs'

export const FLOOD_CLIENTS = 16
/** The ratio the budget allows. */
export const FLOOD_RATIO_TARGET = 2
/** Loopback addresses the flood comes from: 127.0.0.11 to 127.0.0.26. */
const floodAddress = (client) => `127.0.0.${11 + client}`
/** Time for the flood to fill the server's hashing queue before measuring. */
const RAMP_UP_MS = 1_000

const post = (agent, port, body) =>
  new Promise((resolve) => {
    const request = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/auth',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        response.resume()
        response.on('end', () => resolve(response.statusCode))
      }
    )
    request.on('error', () => resolve('error'))
    request.end(body)
  })

/**
 * One attacker: wrong passwords, one request after another on a keep-alive
 * connection, ignoring Retry-After. Each attempt names another email, so no
 * account's own limit stops it before its address's does.
 */
const floodClient = async ({ port, client, signal, answers }) => {
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: 1,
    localAddress: floodAddress(client),
  })
  let attempt = 0
  try {
    while (!signal.stopped) {
      attempt += 1
      const body = JSON.stringify({
        method: 'login',
        username: `flood-${client}-${attempt}@example.com`,
        password: 'a wrong password, guessed',
      })
      const status = await post(agent, port, body)
      answers[status] = (answers[status] ?? 0) + 1
    }
  } finally {
    agent.destroy()
  }
}

const p50Of = (batch) => percentile(batch.latenciesMs, 50)

/**
 * @param api the api's client (twoFactorStatus is the trivial query)
 * @param sessions signed-in, verified sessions to ask with
 */
export const measureLoginFlood = async (api, apiPort, sessions, queries) => {
  step(
    `Trivial query p50 alone, then under a login flood from ${FLOOD_CLIENTS} loopback addresses (${queries} queries each)`
  )
  const status = () => api.sendOk('status', cycle(sessions, queries), 1)
  const idle = await status()

  const signal = { stopped: false }
  const answers = {}
  const floodStartedAt = Date.now()
  const clients = Array.from({ length: FLOOD_CLIENTS }, (_, client) =>
    floodClient({ port: apiPort, client, signal, answers })
  )
  let flooded
  try {
    await sleep(RAMP_UP_MS)
    flooded = await status()
  } finally {
    signal.stopped = true
    await Promise.all(clients)
  }
  const floodSeconds = (Date.now() - floodStartedAt) / 1000
  const loginAnswers = Object.values(answers).reduce((a, b) => a + b, 0)

  const idleP50Ms = p50Of(idle)
  const floodedP50Ms = p50Of(flooded)
  const round2 = (value) => Math.round(value * 100) / 100
  return {
    clients: FLOOD_CLIENTS,
    queries,
    idleP50Ms: round2(idleP50Ms),
    floodedP50Ms: round2(floodedP50Ms),
    floodedP99Ms: round2(percentile(flooded.latenciesMs, 99)),
    ratio: round2(floodedP50Ms / idleP50Ms),
    target: FLOOD_RATIO_TARGET,
    floodSeconds: round2(floodSeconds),
    loginsPerSecond: round2(loginAnswers / floodSeconds),
    // 400: the password was checked (hashed) and wrong; 429: refused by the
    // throttle before any hashing.
    loginAnswers: answers,
  }
}
