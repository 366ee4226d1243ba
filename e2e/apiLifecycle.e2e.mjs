/* eslint-env node, es2022 */
// The built api's life around its requests: GET /health and GET /ready as
// served (from the api server and through the web server's proxy), /ready
// while its Redis is stopped and after it is started again, and what the
// api does on SIGTERM.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import net from 'node:net'
import { after, before, describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'

import Redis from 'ioredis'

import { startApiInstances, startApp, startRedisServer } from './app.mjs'

let redisServer

before(async () => {
  redisServer = await startRedisServer()
})

after(async () => {
  await redisServer?.stop()
})

const getJson = async (url) => {
  const started = Date.now()
  const response = await fetch(url)
  return {
    status: response.status,
    cacheControl: response.headers.get('cache-control'),
    body: await response.json(),
    ms: Date.now() - started,
  }
}

/** Asks `url` until it answers `status`, for at most `ms`. */
const pollUntil = async (url, status, ms) => {
  const deadline = Date.now() + ms
  let answer
  while (Date.now() < deadline) {
    answer = await getJson(url)
    if (answer.status === status) {
      return answer
    }
    await sleep(200)
  }
  assert.fail(`${url} still answers ${answer?.status} after ${ms} ms`)
}

describe('health endpoints of the app as served', () => {
  let app

  before(async () => {
    app = await startApp({ redisUrl: redisServer.url })
  })

  after(async () => {
    await app?.stop()
  })

  const bases = () => ({
    'from the api server': `http://127.0.0.1:${app.apiPort}`,
    'through the web server': `${app.baseUrl}/.redwood/functions`,
  })

  test('GET /health and GET /ready answer 200, uncached, at both paths', async () => {
    for (const [where, base] of Object.entries(bases())) {
      const health = await getJson(`${base}/health`)
      assert.equal(health.status, 200, where)
      assert.deepEqual(health.body, { status: 'ok' }, where)
      assert.equal(health.cacheControl, 'no-store', where)

      const ready = await getJson(`${base}/ready`)
      assert.equal(ready.status, 200, where)
      assert.equal(ready.cacheControl, 'no-store', where)
      assert.equal(ready.body.status, 'ready', where)
      for (const dependency of ['redis', 'database']) {
        assert.equal(ready.body[dependency].status, 'up', where)
        assert.equal(typeof ready.body[dependency].latencyMs, 'number', where)
      }
    }
  })

  test('GET /ready answers 503 naming Redis while it is stopped, and 200 by itself once it is back', async (t) => {
    const { 'from the api server': api, 'through the web server': proxied } =
      bases()
    await redisServer.stop()
    let restarted
    try {
      const down = await pollUntil(`${api}/ready`, 503, 5_000)
      t.diagnostic(`/ready answered 503 in ${down.ms} ms`)
      assert.equal(down.body.status, 'unavailable')
      assert.equal(down.body.redis.status, 'down')
      assert.match(down.body.redis.reason, /^(error|timeout)$/)
      assert.equal(down.body.database.status, 'up')
      assert.equal(down.cacheControl, 'no-store')
      // Short timeouts: a balancer gets its answer well within its own.
      assert.ok(down.ms < 2_000, `/ready took ${down.ms} ms`)
      // Redwood's web proxy (@fastify/reply-from) retries a GET answered 503
      // up to 10 times before passing the 503 on: slow, but still a 503.
      const proxiedDown = await getJson(`${proxied}/ready`)
      t.diagnostic(`through the web server: 503 in ${proxiedDown.ms} ms`)
      assert.equal(proxiedDown.status, 503)
      // The process itself is fine: restarting it would not help.
      assert.equal((await getJson(`${api}/health`)).status, 200)
    } finally {
      await redisServer.start()
      restarted = Date.now()
    }
    // Nobody restarts the api: its client reconnects by itself.
    const back = await pollUntil(`${api}/ready`, 200, 15_000)
    t.diagnostic(`ready again ${Date.now() - restarted} ms after Redis was`)
    assert.equal(back.body.redis.status, 'up')
    assert.equal((await getJson(`${proxied}/ready`)).status, 200)
  })
})

/** A connection to `port` that writes a request's head and half its body. */
const startSlowRequest = (port, body) =>
  new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    let answer = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk) => (answer += chunk))
    const ended = new Promise((done) => socket.on('close', () => done(answer)))
    socket.once('error', reject)
    socket.once('connect', () => {
      const half = Math.floor(body.length / 2)
      socket.write(
        [
          'POST /graphql HTTP/1.1',
          `Host: 127.0.0.1:${port}`,
          'Content-Type: application/json',
          `Content-Length: ${Buffer.byteLength(body)}`,
          '',
          '',
        ].join('\r\n') + body.slice(0, half)
      )
      resolve({
        finish: () => socket.write(body.slice(half)),
        answer: () => ended,
        destroy: () => socket.destroy(),
      })
    })
  })

const connectionRefused = (port) =>
  new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', (error) => resolve(error.code === 'ECONNREFUSED'))
  })

/** Waits until the api has logged the start of a POST /graphql. */
const waitForLoggedRequest = async (logFile) => {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    const lines = fs.readFileSync(logFile, 'utf8').split('\n')
    if (
      lines.some(
        (line) =>
          line.includes('incoming request') &&
          line.includes('"method":"POST"') &&
          line.includes('"url":"/graphql"')
      )
    ) {
      return
    }
    await sleep(50)
  }
  assert.fail(`the api never logged the request (${logFile})`)
}

const withDeadline = (promise, ms, what) =>
  Promise.race([
    promise,
    sleep(ms, undefined, { ref: false }).then(() =>
      assert.fail(`${what} took more than ${ms} ms`)
    ),
  ])

describe('SIGTERM to the built api', () => {
  const GRACE_SECONDS = 2
  let graceful
  let stuck
  let stopAll

  before(async () => {
    const started = await startApiInstances({
      names: ['graceful', 'stuck'],
      redisUrl: redisServer.url,
      extraEnv: { SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS) },
    })
    ;[graceful, stuck] = started.instances
    stopAll = started.stop
  })

  after(async () => {
    await stopAll?.()
  })

  test('finishes the request in flight, refuses new connections, quits Redis and exits 0', async () => {
    const monitor = new Redis(redisServer.url)
    const commands = []
    const feed = await monitor.monitor()
    feed.on('monitor', (_time, args) => commands.push(args[0].toLowerCase()))
    try {
      // Connects the api to Redis and the database.
      assert.equal((await getJson(`${graceful.url}/ready`)).status, 200)
      const body = JSON.stringify({ query: '{ redwood { version } }' })
      const request = await startSlowRequest(graceful.port, body)
      await waitForLoggedRequest(graceful.logFile)

      graceful.signal('SIGTERM')
      await withDeadline(
        (async () => {
          while (!(await connectionRefused(graceful.port))) await sleep(20)
        })(),
        2_000,
        'refusing new connections'
      )

      request.finish()
      const answer = await withDeadline(request.answer(), 5_000, 'the answer')
      assert.match(answer, /^HTTP\/1\.1 200 /)
      assert.match(answer, /^connection: close\r$/im)
      assert.match(answer, /"data":\{"redwood":\{"version"/)

      const code = await withDeadline(graceful.exit, 5_000, 'the exit')
      assert.equal(code, 0)
      assert.ok(commands.includes('quit'), `no QUIT among ${commands}`)
      const log = fs.readFileSync(graceful.logFile, 'utf8')
      assert.match(log, /"msg":"Shut down cleanly"/)
      // Probes (startApiInstances polled /health, this test /ready) are not
      // logged request by request; other requests are.
      assert.match(log, /"url":"\/graphql"/)
      assert.doesNotMatch(log, /"url":"\/(health|ready)"/)
    } finally {
      feed.disconnect()
      monitor.disconnect()
    }
  })

  test('exits 1 after the grace period when a request never finishes', async () => {
    const body = JSON.stringify({ query: '{ redwood { version } }' })
    const request = await startSlowRequest(stuck.port, body)
    try {
      await waitForLoggedRequest(stuck.logFile)
      const signalled = Date.now()
      stuck.signal('SIGTERM')
      const code = await withDeadline(stuck.exit, 10_000, 'the exit')
      const ms = Date.now() - signalled
      assert.equal(code, 1)
      assert.ok(ms >= GRACE_SECONDS * 1000 - 100, `exited after ${ms} ms`)
      assert.ok(ms < GRACE_SECONDS * 1000 + 2_000, `exited after ${ms} ms`)
    } finally {
      request.destroy()
    }
  })
})
