import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'

import Redis from 'ioredis'

/**
 * redis-server processes of a test's own, for what the shared test Redis
 * cannot show: a restart, an outage, or exactly what one server did.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })

/** Polls `check` until it is true, for at most `ms`. */
export const waitFor = async (
  what: string,
  check: () => Promise<boolean>,
  ms = 10_000
) => {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return
    await sleep(100)
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`)
}

/**
 * A redis-server on `port`. By default it keeps an append-only file in `dir`
 * (fsync on every write) so its data survives a restart.
 */
export const ownRedisServer = (
  port: number,
  dir: string,
  extraArgs: string[] = ['--appendonly', 'yes', '--appendfsync', 'always'],
  /** A config file to start from (a sentinel needs one it can rewrite). */
  configFile?: string
) => {
  let child: ChildProcess | undefined
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
  return {
    url: `redis://127.0.0.1:${port}/0`,
    get pid() {
      return child?.pid
    },
    /** write(2) calls the server has made: each is one reply going out. */
    writes() {
      const io = fs.readFileSync(`/proc/${child?.pid}/io`, 'utf8')
      return Number(io.match(/^syscw: (\d+)$/m)?.[1])
    },
    async start() {
      child = spawn(
        'redis-server',
        [
          ...(configFile ? [configFile] : []),
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--dir',
          dir,
          '--save',
          '',
          ...extraArgs,
        ],
        { stdio: 'ignore' }
      )
      await waitFor(`redis-server on ${port}`, ping, 10_000)
    },
    async stop() {
      const running = child
      child = undefined
      if (!running || running.exitCode !== null) return
      const exited = new Promise((resolve) => running.once('exit', resolve))
      running.kill('SIGTERM')
      let timer: NodeJS.Timeout | undefined
      await Promise.race([
        exited,
        new Promise((resolve) => (timer = setTimeout(resolve, 5_000))),
      ])
      clearTimeout(timer)
      if (running.exitCode === null && running.signalCode === null) {
        running.kill('SIGKILL')
        await exited
      }
      await waitFor(
        `redis-server on ${port} to stop`,
        async () => !(await ping()),
        5_000
      )
    },
  }
}
