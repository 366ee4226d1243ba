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
const flushRedis = async () => {
  const redis = new Redis(REDIS_URL, { lazyConnect: true })
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

/** Another run (a parallel checkout's tests) took a port between our check and our bind. */
class PortTakenError extends Error {}

const serverLog = () => {
  try {
    return fs.readFileSync(SERVER_LOG, 'utf8')
  } catch {
    return ''
  }
}

/**
 * Up when both of *our* servers say they listen and the web server's proxy
 * reaches the api. The health check alone is not enough: when another run
 * holds the port, it is that run's app that answers.
 */
const waitUntilServing = async (baseUrl, server, ports) => {
  const deadline = Date.now() + START_TIMEOUT_MS
  const listening = (port) =>
    new RegExp(`listening at http://[^\\s"]*:${port}\\b`).test(serverLog())
  while (Date.now() < deadline) {
    if (/EADDRINUSE/.test(serverLog())) {
      throw new PortTakenError('a port was taken by another program')
    }
    if (server.exitCode !== null) {
      throw new Error(`The app exited early; see ${SERVER_LOG}`)
    }
    if (listening(ports.webPort) && listening(ports.apiPort)) {
      try {
        // Through the web server's proxy, so both servers must be up.
        const response = await fetch(
          `${baseUrl}/.redwood/functions/graphql/health`
        )
        if (response.ok) {
          return
        }
      } catch {
        // Not listening yet.
      }
    }
    await sleep(250)
  }
  throw new Error(`The app did not start in time; see ${SERVER_LOG}`)
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
 * Starts the already built app (`yarn rw build`) the way it is served for
 * real, `yarn rw serve`, on free ports. Returns its URL, the SMS outbox and
 * a stop function that must be called whatever happens.
 */
export const startApp = async () => {
  // Clear of `yarn rw dev` (8910/8911) and the ports just above it; on a
  // second try (another run took one meanwhile), any free ones.
  for (let attempt = 1; ; attempt += 1) {
    const webPort = attempt === 1 ? await freePort(8940) : await anyFreePort()
    const apiPort = attempt === 1 ? await freePort(8941) : await anyFreePort()
    try {
      return await startAppOn({ webPort, apiPort })
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt === 3) {
        throw error
      }
    }
  }
}

const startAppOn = async ({ webPort, apiPort }) => {
  const outbox = createOutbox()
  const env = {
    ...process.env,
    // `yarn rw serve` sets NODE_ENV=production when it is unset, and in
    // production the api refuses the outbox transport, by design: codes read
    // from a file are for tests only. So the built servers run as development.
    NODE_ENV: 'development',
    DATABASE_URL: `file:./${DATABASE_FILE}`,
    REDIS_URL,
    SMS_PROVIDER: 'outbox',
    SMS_OUTBOX_PATH: outbox.file,
  }

  prepareDatabase(env)
  await flushRedis()

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
    await waitUntilServing(baseUrl, server, { webPort, apiPort })
  } catch (error) {
    await stop()
    throw error
  }
  return { baseUrl, webPort, apiPort, outbox, stop }
}
