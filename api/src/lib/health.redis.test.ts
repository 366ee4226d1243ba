import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { PrismaLibSQL } from '@prisma/adapter-libsql'
import { PrismaClient } from '@prisma/client'
import Fastify from 'fastify'

import { configureApiServer } from './apiServer'
import { resetConfig } from './config'
import { db } from './db'
import { READY_CHECK_TIMEOUT_MS, useHealthRoutes } from './health'
import { redis, useRedisClient } from './redis/client'
import { TEST_REDIS_URL } from './testing/realRedis'
import { freePort, ownRedisServer } from './testing/redisServer'

jest.setTimeout(30_000)

/**
 * The api server's health endpoints through Fastify's inject, with the app's
 * own Redis client (built from REDIS_URL as in production) and database.
 */

const savedRedisUrl = process.env.REDIS_URL

/** The app's Redis client, built from REDIS_URL the way the api builds it. */
const useAppRedis = (url: string) => {
  process.env.REDIS_URL = url
  resetConfig()
  useRedisClient(undefined)
  return redis()
}

/** What api/src/server.ts adds to Redwood's server. */
const apiServer = () => {
  const server = Fastify()
  configureApiServer(server)
  useHealthRoutes(server)
  return server
}

const timedGet = async (server: ReturnType<typeof Fastify>, url: string) => {
  const started = Date.now()
  const response = await server.inject({ method: 'GET', url })
  return { response, ms: Date.now() - started }
}

/**
 * The app's own database client and driver, for a database file it cannot
 * open: the driver's error names the path, which must not reach the answer.
 */
const unreachableDatabase = () =>
  new PrismaClient({
    adapter: new PrismaLibSQL({
      url: 'file:/nonexistent/private-db-dir/app.db',
    }),
  })

afterEach(async () => {
  const client = redis()
  useRedisClient(undefined)
  client.disconnect()
})

afterAll(() => {
  if (savedRedisUrl === undefined) delete process.env.REDIS_URL
  else process.env.REDIS_URL = savedRedisUrl
  resetConfig()
})

describe('GET /health', () => {
  it('answers 200 without asking Redis or the database, even while Redis is unreachable', async () => {
    useAppRedis(`redis://127.0.0.1:${await freePort()}/0`)
    const ping = jest.spyOn(redis(), 'ping')
    const query = jest.spyOn(db, '$queryRaw')

    const { response, ms } = await timedGet(apiServer(), '/health')

    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ status: 'ok' })
    expect(response.headers['cache-control']).toBe('no-store')
    expect(response.headers['content-security-policy']).toContain(
      "default-src 'none'"
    )
    expect(ping).not.toHaveBeenCalled()
    expect(query).not.toHaveBeenCalled()
    expect(ms).toBeLessThan(500)
    query.mockRestore()
  })
})

describe('GET /ready', () => {
  it('answers 200 with the latency of Redis and of the database', async () => {
    useAppRedis(TEST_REDIS_URL)
    const response = await apiServer().inject({ method: 'GET', url: '/ready' })

    expect(response.statusCode).toBe(200)
    expect(response.headers['cache-control']).toBe('no-store')
    const body = response.json()
    expect(body).toEqual({
      status: 'ready',
      redis: { status: 'up', latencyMs: expect.any(Number) },
      database: { status: 'up', latencyMs: expect.any(Number) },
    })
    expect(body.redis.latencyMs).toBeGreaterThanOrEqual(0)
    expect(body.database.latencyMs).toBeLessThan(READY_CHECK_TIMEOUT_MS)
  })

  it('answers 503 naming Redis while nothing listens where REDIS_URL points', async () => {
    useAppRedis(`redis://127.0.0.1:${await freePort()}/0`)
    const { response, ms } = await timedGet(apiServer(), '/ready')

    expect(response.statusCode).toBe(503)
    expect(response.headers['cache-control']).toBe('no-store')
    expect(response.json()).toEqual({
      status: 'unavailable',
      redis: {
        status: 'down',
        reason: expect.stringMatching(/^(error|timeout)$/),
      },
      database: { status: 'up', latencyMs: expect.any(Number) },
    })
    expect(ms).toBeLessThan(READY_CHECK_TIMEOUT_MS + 500)
  })

  it('gives up on a Redis that stops answering after one timeout, and is ready again once it answers', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redis-ready-'))
    const server = ownRedisServer(await freePort(), dir, ['--appendonly', 'no'])
    await server.start()
    try {
      const client = useAppRedis(server.url)
      const api = apiServer()
      expect(
        (await api.inject({ method: 'GET', url: '/ready' })).statusCode
      ).toBe(200)

      // The server holds every client's commands, as one stuck in a long
      // command or a failover would.
      await client.call('CLIENT', 'PAUSE', '2500', 'ALL')
      const paused = await timedGet(api, '/ready')
      expect(paused.response.statusCode).toBe(503)
      expect(paused.response.json()).toMatchObject({
        redis: { status: 'down', reason: 'timeout' },
        database: { status: 'up' },
      })
      expect(paused.ms).toBeGreaterThanOrEqual(READY_CHECK_TIMEOUT_MS - 50)
      expect(paused.ms).toBeLessThan(READY_CHECK_TIMEOUT_MS + 500)

      const deadline = Date.now() + 10_000
      let statusCode = 0
      while (statusCode !== 200 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200))
        statusCode = (await api.inject({ method: 'GET', url: '/ready' }))
          .statusCode
      }
      expect(statusCode).toBe(200)
    } finally {
      await server.stop()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('answers 503 naming the database while it cannot be reached, and shows nothing of its error', async () => {
    useAppRedis(TEST_REDIS_URL)
    const unreachable = unreachableDatabase()
    const api = Fastify()
    useHealthRoutes(api, {
      probes: () => ({
        redis: () => redis().ping(),
        database: () => unreachable.$queryRaw`SELECT 1`,
      }),
    })

    const response = await api.inject({ method: 'GET', url: '/ready' })

    expect(response.statusCode).toBe(503)
    expect(response.json()).toEqual({
      status: 'unavailable',
      redis: { status: 'up', latencyMs: expect.any(Number) },
      database: { status: 'down', reason: 'error' },
    })
    expect(response.body).not.toMatch(/private-db-dir|nonexistent|connect/)
    await unreachable.$disconnect().catch(() => {})
  })

  it('answers 503 within one timeout when the database never answers', async () => {
    useAppRedis(TEST_REDIS_URL)
    const api = Fastify()
    useHealthRoutes(api, {
      probes: () => ({
        redis: () => redis().ping(),
        // A query stuck behind a lock or a dead network path.
        database: () => new Promise(() => {}),
      }),
    })

    const { response, ms } = await timedGet(api, '/ready')

    expect(response.statusCode).toBe(503)
    expect(response.json()).toMatchObject({
      redis: { status: 'up' },
      database: { status: 'down', reason: 'timeout' },
    })
    expect(ms).toBeGreaterThanOrEqual(READY_CHECK_TIMEOUT_MS - 50)
    expect(ms).toBeLessThan(READY_CHECK_TIMEOUT_MS + 500)
  })
})
