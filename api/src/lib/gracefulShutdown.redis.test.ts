import http from 'node:http'
import net from 'node:net'

import Fastify from 'fastify'

import { configureApiServer } from './apiServer'
import { resetConfig } from './config'
import { db } from './db'
import { shutDown, shutDownOnSignals } from './gracefulShutdown'
import { redis, useRedisClient } from './redis/client'
import { TEST_REDIS_URL } from './testing/realRedis'
import { freePort } from './testing/redisServer'

jest.setTimeout(30_000)

/**
 * The shutdown against a real listening Fastify server, the app's own Redis
 * client on the test Redis and the app's database client. The built api's
 * own process is stopped the same way in e2e/apiLifecycle.e2e.mjs.
 */

const savedRedisUrl = process.env.REDIS_URL

/** A server whose /slow requests wait until the test lets them finish. */
const serverWithSlowRoute = async () => {
  const server = Fastify()
  const waiting: Array<() => void> = []
  let started = 0
  server.get('/slow', async () => {
    started++
    await new Promise<void>((resolve) => waiting.push(resolve))
    return { finished: true }
  })
  await server.listen({ port: 0, host: '127.0.0.1' })
  const { port } = server.server.address() as net.AddressInfo
  return {
    server,
    port,
    started: () => started,
    finishAll: () => waiting.splice(0).forEach((finish) => finish()),
  }
}

/** One request on a keep-alive connection, answered or failed. */
const get = (port: number, path: string) =>
  new Promise<{
    status: number
    headers: http.IncomingHttpHeaders
    body: string
  }>((resolve, reject) => {
    const agent = new http.Agent({ keepAlive: true })
    http
      .get({ host: '127.0.0.1', port, path, agent }, (response) => {
        let body = ''
        response.on('data', (chunk) => (body += chunk))
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body,
          })
        )
      })
      .on('error', reject)
  })

const connectionRefused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', (error: NodeJS.ErrnoException) =>
      resolve(error.code === 'ECONNREFUSED')
    )
  })

const waitUntil = async (check: () => boolean) => {
  const deadline = Date.now() + 5_000
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

beforeEach(async () => {
  process.env.REDIS_URL = TEST_REDIS_URL
  resetConfig()
  useRedisClient(undefined)
  await redis().ping()
})

afterEach(() => {
  jest.restoreAllMocks()
  const client = redis()
  useRedisClient(undefined)
  if (client.status !== 'end') client.disconnect()
})

afterAll(() => {
  if (savedRedisUrl === undefined) delete process.env.REDIS_URL
  else process.env.REDIS_URL = savedRedisUrl
  resetConfig()
})

describe('shutDown', () => {
  it('refuses new connections, finishes the request in flight, closes Redis and the database, and reports 0', async () => {
    const app = await serverWithSlowRoute()
    const disconnect = jest.spyOn(db, '$disconnect')
    const client = redis()

    const inFlight = get(app.port, '/slow')
    await waitUntil(() => app.started() === 1)

    const stopping = shutDown(app.server, { graceMs: 5_000 })
    // The listener is closed at once, while the request is still running.
    await waitUntil(() => !app.server.server.listening)
    expect(await connectionRefused(app.port)).toBe(true)
    expect(client.status).toBe('ready')

    app.finishAll()
    const answer = await inFlight
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body)).toEqual({ finished: true })

    expect(await stopping).toBe(0)
    expect(client.status).toBe('end')
    expect(disconnect).toHaveBeenCalledTimes(1)
  })

  it('gives up when a request outlives the grace period, and reports 1', async () => {
    const app = await serverWithSlowRoute()
    const inFlight = get(app.port, '/slow').catch((error) => error)
    await waitUntil(() => app.started() === 1)

    const started = Date.now()
    // The close goes on after the answer (the process would exit): it must
    // not close the client the next test uses.
    const code = await shutDown(app.server, {
      graceMs: 300,
      closeConnections: async () => {},
    })

    expect(code).toBe(1)
    expect(Date.now() - started).toBeLessThan(1_000)
    app.finishAll()
    await inFlight
    // The process would exit here; the test closes what was left open.
    app.server.server.closeAllConnections()
  })
})

describe('shutDown while Redis is down', () => {
  it('does not wait for a Redis that cannot be reached', async () => {
    const app = await serverWithSlowRoute()
    redis().disconnect()
    process.env.REDIS_URL = `redis://127.0.0.1:${await freePort()}/0`
    resetConfig()
    useRedisClient(undefined)
    // The client has tried, failed and keeps reconnecting in the background.
    await expect(redis().ping()).rejects.toThrow()

    const started = Date.now()
    expect(await shutDown(app.server, { graceMs: 5_000 })).toBe(0)
    expect(Date.now() - started).toBeLessThan(1_000)
  })
})

describe('shutDownOnSignals', () => {
  it('shuts down on SIGTERM once, however often it arrives, and tells the answers in flight to close their connection', async () => {
    // Installed before the server listens, as api/src/server.ts does.
    const server = Fastify()
    let release: (() => void) | undefined
    server.get('/slow', async () => {
      await new Promise<void>((resolve) => (release = resolve))
      return { finished: true }
    })
    const exits: number[] = []
    const uninstall = shutDownOnSignals(
      server,
      { graceMs: 5_000, closeConnections: async () => {} },
      (code) => exits.push(code)
    )
    await server.listen({ port: 0, host: '127.0.0.1' })
    const { port } = server.server.address() as net.AddressInfo

    try {
      const inFlight = get(port, '/slow')
      await waitUntil(() => release !== undefined)

      // A process group signal and yarn forwarding it: the same request twice.
      process.emit('SIGTERM', 'SIGTERM')
      process.emit('SIGTERM', 'SIGTERM')
      await waitUntil(() => !server.server.listening)
      expect(await connectionRefused(port)).toBe(true)
      release?.()

      const answer = await inFlight
      expect(answer.status).toBe(200)
      expect(answer.headers.connection).toBe('close')
      await waitUntil(() => exits.length > 0)
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(exits).toEqual([0])
    } finally {
      uninstall()
    }
  })
})

describe('the hook shutDownOnSignals adds', () => {
  it("leaves an answer sent without `return reply` (Redwood's unknown-function 404) sent once", async () => {
    const server = Fastify()
    configureApiServer(server)
    // What Redwood's function loader does for a name it does not know.
    server.get('/:routeName', async (_request, reply) => {
      reply.status(404)
      reply.send('Function "x" was not found.')
    })
    const uninstall = shutDownOnSignals(
      server,
      { graceMs: 1_000, closeConnections: async () => {} },
      () => {}
    )
    const errors: unknown[] = []
    server.setErrorHandler((error, _request, reply) => {
      errors.push(error)
      reply.send(error)
    })
    try {
      await server.listen({ port: 0, host: '127.0.0.1' })
      const { port } = server.server.address() as net.AddressInfo
      for (let n = 0; n < 3; n++) {
        const answer = await get(port, '/no-such-function')
        expect(answer.status).toBe(404)
      }
      expect(errors).toEqual([])
    } finally {
      uninstall()
      await server.close()
    }
  })
})
