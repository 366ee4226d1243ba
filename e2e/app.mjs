/* eslint-env node, es2022 */
// The app under test: the built web and api servers on ports of their own,
// with their own SQLite file, Redis database and SMS outbox, so a developer's
// `yarn rw dev` (8910/8911) and its data are never touched.
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

import Redis from 'ioredis'

import { isPortFree, removeSqliteDatabase } from '../scripts/lib/localRun.mjs'

export const ROOT = path.resolve(import.meta.dirname, '..')

const DATABASE_FILE = 'e2e.db' // resolved against api/db/, which git ignores
// A Redis database of its own: the Jest suites use and flush db 15.
// E2E_REDIS_URL points it elsewhere (e.g. a Redis of your own).
const REDIS_URL = process.env.E2E_REDIS_URL || 'redis://127.0.0.1:6379/14'
export const SERVER_LOG = path.join(ROOT, 'e2e/server.log')
const START_TIMEOUT_MS = 60_000

/** Deletes the previous run's database and builds a new one from the migrations. */
const prepareDatabase = (env) => {
  removeSqliteDatabase(path.join(ROOT, 'api/db', DATABASE_FILE))
  // Quiet unless it fails; the error then carries Prisma's output.
  execFileSync('yarn', ['prisma', 'migrate', 'deploy'], {
    cwd: ROOT,
    env,
    stdio: 'pipe',
  })
}

/** Codes, counters and sessions from an earlier run would skew rate limits. */
const flushRedis = async (url) => {
  const redis = new Redis(url, { lazyConnect: true })
  try {
    await redis.connect()
    await redis.flushdb()
  } finally {
    redis.disconnect()
  }
}

const anyFreePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })

/** The preferred port when it is free; another run or program may hold it. */
const freePort = async (preferred) =>
  (await isPortFree(preferred)) ? preferred : anyFreePort()

/** An outbox file that collects every SMS the api "sends" during the run. */
const createOutbox = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redwood-2fa-e2e-'))
  const file = path.join(dir, 'sms-outbox.jsonl')
  fs.writeFileSync(file, '')

  const messages = () =>
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))

  return {
    file,
    count: () => messages().length,
    /** Waits for a message beyond the first `seen` ones and returns its code. */
    async nextCode({ to, seen, timeoutMs = 10_000 }) {
      const deadline = Date.now() + timeoutMs
      while (Date.now() < deadline) {
        const message = messages()
          .slice(seen)
          .find((m) => m.to === to)
        const code = message?.text.match(/\b\d{6}\b/)?.[0]
        if (code) {
          return code
        }
        await sleep(100)
      }
      throw new Error(`No SMS to ${to} arrived in the outbox (${file})`)
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  }
}

const waitUntilServing = async (healthUrl, server, log = SERVER_LOG) => {
  const deadline = Date.now() + START_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(`The app exited early; see ${log}`)
    }
    try {
      const response = await fetch(healthUrl)
      if (response.ok) {
        return
      }
    } catch {
      // Not listening yet.
    }
    await sleep(250)
  }
  throw new Error(`The app did not start in time; see ${log}`)
}

const stopServer = async (server) => {
  if (server.exitCode !== null || server.signalCode !== null) {
    return
  }
  const exited = new Promise((resolve) => server.once('exit', resolve))
  // The server runs in its own process group (yarn → rw serve → node): end all of it.
  process.kill(-server.pid, 'SIGTERM')
  // An unref'd timer, so a quick exit does not keep the test process waiting.
  const gaveUp = sleep(10_000, false, { ref: false })
  const stopped = await Promise.race([exited.then(() => true), gaveUp])
  if (!stopped) {
    process.kill(-server.pid, 'SIGKILL')
    await exited
  }
}

/**
 * The server lives in a process group of its own, so Ctrl-C in the terminal
 * does not reach it: should the test process end without running its
 * clean-up (interrupted, or crashed), end the server on the way out.
 */
const stopServerOnExit = (server) => {
  const killGroup = () => {
    try {
      process.kill(-server.pid, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
  const exitOnSignal = (signal) => process.exit(signal === 'SIGINT' ? 130 : 143)
  process.once('exit', killGroup)
  process.once('SIGINT', exitOnSignal)
  process.once('SIGTERM', exitOnSignal)
  return {
    cancel() {
      process.off('exit', killGroup)
      process.off('SIGINT', exitOnSignal)
      process.off('SIGTERM', exitOnSignal)
    },
  }
}

/**
 * A fresh database, a flushed Redis database and an empty SMS outbox, and
 * the environment the built servers run with on top of them. `extraEnv`
 * adds to it (or changes it) for every server started from it.
 */
const prepareStack = async ({ redisUrl = REDIS_URL, extraEnv = {} } = {}) => {
  const outbox = createOutbox()
  const env = {
    ...process.env,
    // `yarn rw serve` sets NODE_ENV=production when it is unset, and in
    // production the api refuses the outbox transport, by design: codes read
    // from a file are for tests only. So the built servers run as development.
    NODE_ENV: 'development',
    DATABASE_URL: `file:./${DATABASE_FILE}`,
    REDIS_URL: redisUrl,
    SMS_PROVIDER: 'outbox',
    SMS_OUTBOX_PATH: outbox.file,
    ...extraEnv,
  }
  prepareDatabase(env)
  await flushRedis(redisUrl)
  return { env, outbox }
}

/**
 * Starts the already built app (`yarn rw build`) the way it is served for
 * real, `yarn rw serve`, on free ports. Returns its URL, the SMS outbox and
 * a stop function that must be called whatever happens. `redisUrl` points it
 * at another Redis (one a test starts and stops itself).
 */
export const startApp = async ({ redisUrl } = {}) => {
  // Clear of `yarn rw dev` (8910/8911) and the ports just above it.
  const webPort = await freePort(8940)
  const apiPort = await freePort(8941)
  const { env, outbox } = await prepareStack({ redisUrl })

  const log = fs.openSync(SERVER_LOG, 'w')
  const server = spawn(
    'yarn',
    [
      'rw',
      'serve',
      `--web-port=${webPort}`,
      `--api-port=${apiPort}`,
      '--web-host=127.0.0.1',
      '--api-host=127.0.0.1',
    ],
    { cwd: ROOT, env, stdio: ['ignore', log, log], detached: true }
  )
  fs.closeSync(log)

  const baseUrl = `http://127.0.0.1:${webPort}`
  const stopOnExit = stopServerOnExit(server)
  const stop = async () => {
    await stopServer(server)
    stopOnExit.cancel()
    outbox.remove()
  }
  try {
    // Through the web server's proxy, so both servers must be up.
    await waitUntilServing(
      `${baseUrl}/.redwood/functions/graphql/health`,
      server
    )
  } catch (error) {
    await stop()
    throw error
  }
  return { baseUrl, webPort, apiPort, outbox, stop }
}

/** Distinct free ports: the system may offer a port it just handed out. */
const distinctFreePorts = async (count) => {
  const ports = new Set()
  while (ports.size < count) {
    ports.add(await anyFreePort())
  }
  return [...ports]
}

/**
 * Starts one built api server (`node api/dist/server.js`, the production
 * command: yarn does not pass SIGTERM on to the server it runs) on `port`,
 * and waits for its GET /health. `exit` resolves with its exit code.
 */
const startApiProcess = async ({ name, port, env }) => {
  const logFile = path.join(ROOT, `e2e/api-${name}.log`)
  const log = fs.openSync(logFile, 'w')
  const child = spawn('node', ['api/dist/server.js'], {
    cwd: ROOT,
    env: {
      ...env,
      REDWOOD_API_PORT: String(port),
      REDWOOD_API_HOST: '127.0.0.1',
    },
    stdio: ['ignore', log, log],
    detached: true,
  })
  fs.closeSync(log)
  const exit = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal))
  )
  const stopOnExit = stopServerOnExit(child)
  const url = `http://127.0.0.1:${port}`
  const instance = {
    name,
    url,
    port,
    pid: child.pid,
    logFile,
    exit,
    signal: (signal) => process.kill(child.pid, signal),
    async stop() {
      await stopServer(child)
      stopOnExit.cancel()
    },
  }
  try {
    await waitUntilServing(`${url}/health`, child, logFile)
  } catch (error) {
    await instance.stop()
    throw error
  }
  return instance
}

/**
 * Starts `names.length` built api servers, without a web server, on one
 * database, one Redis and one SMS outbox, each on a free port of its own,
 * as several instances behind a load balancer would run. Each server logs to
 * e2e/api-<name>.log. `extraEnv` is added to every server's environment.
 * `stop` stops them all and must be called whatever happens.
 */
export const startApiInstances = async ({
  names = ['a', 'b'],
  redisUrl,
  extraEnv,
} = {}) => {
  const { env, outbox } = await prepareStack({ redisUrl, extraEnv })
  const ports = await distinctFreePorts(names.length)
  const started = await Promise.allSettled(
    names.map((name, index) =>
      startApiProcess({ name, port: ports[index], env })
    )
  )
  const instances = started
    .filter((result) => result.status === 'fulfilled')
    .map((result) => result.value)
  const stop = async () => {
    await Promise.all(instances.map((instance) => instance.stop()))
    outbox.remove()
  }
  const failed = started.find((result) => result.status === 'rejected')
  if (failed) {
    await stop()
    throw failed.reason
  }
  return { instances, outbox, stop }
}

/**
 * A redis-server of the caller's own on a free port (nothing saved), for a
 * test that stops and restarts it; `start` again brings it back on the same
 * port. `stop` must be called whatever happens.
 */
export const startRedisServer = async () => {
  const port = await anyFreePort()
  let child
  const ping = async () => {
    const probe = new Redis(port, '127.0.0.1', {
      lazyConnect: true,
      connectTimeout: 500,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    })
    probe.on('error', () => {})
    try {
      await probe.connect()
      return (await probe.ping()) === 'PONG'
    } catch {
      return false
    } finally {
      probe.disconnect()
    }
  }
  const waitFor = async (up) => {
    const deadline = Date.now() + 10_000
    while ((await ping()) !== up) {
      if (Date.now() > deadline) {
        throw new Error(
          `redis-server on ${port} did not ${up ? 'start' : 'stop'}`
        )
      }
      await sleep(100)
    }
  }
  // Should the test process end without stopping it, it goes too.
  process.once('exit', () => child?.kill('SIGKILL'))
  const server = {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    async start() {
      child = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
        ],
        { stdio: 'ignore' }
      )
      await waitFor(true)
    },
    async stop() {
      const running = child
      child = undefined
      if (
        !running ||
        running.exitCode !== null ||
        running.signalCode !== null
      ) {
        return
      }
      const exited = new Promise((resolve) => running.once('exit', resolve))
      running.kill('SIGTERM')
      await exited
      await waitFor(false)
    },
  }
  await server.start()
  return server
}
