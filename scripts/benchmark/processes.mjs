// Starting and stopping what the benchmark runs on (its own Redis, the build,
// the migration and the built api), and reading their CPU and I/O counters.
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

import { isPortFree } from '../lib/localRun.mjs'

const started = new Set()

/**
 * Spawns a child in its own process group, so stopping it also stops what it
 * started (`yarn rw serve` runs the server in a grandchild). Output goes to a
 * log file: a pipe nobody reads would eventually block the server.
 */
export const startProcess = (name, command, args, { env, cwd, logFile }) => {
  const log = fs.openSync(logFile, 'a')
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', log, log],
  })
  fs.closeSync(log)
  const tracked = { name, child, logFile, exited: false }
  tracked.exit = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      tracked.exited = true
      resolve({ code, signal })
    })
  })
  started.add(tracked)
  return tracked
}

const stopProcess = async (tracked) => {
  if (!tracked.exited) {
    for (const signal of ['SIGTERM', 'SIGKILL']) {
      try {
        process.kill(-tracked.child.pid, signal)
      } catch {
        break // the group is already gone
      }
      const stopped = await Promise.race([
        tracked.exit.then(() => true),
        sleep(5_000).then(() => false),
      ])
      if (stopped) {
        break
      }
    }
  }
  // The leader can exit before the rest of its group: make sure none is left.
  try {
    process.kill(-tracked.child.pid, 'SIGKILL')
  } catch {
    // nothing left
  }
  started.delete(tracked)
}

/** Stops everything this run started, newest first. */
export const stopAll = async () => {
  for (const tracked of [...started].reverse()) {
    await stopProcess(tracked)
  }
}

export const tailOf = (logFile, lines = 30) => {
  try {
    return fs.readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n')
  } catch {
    return ''
  }
}

/** Runs a command to completion; throws with the end of its log if it fails. */
export const runToCompletion = async (name, command, args, options) => {
  const tracked = startProcess(name, command, args, options)
  const { code, signal } = await tracked.exit
  started.delete(tracked)
  if (code !== 0) {
    throw new Error(
      `${name} failed (${signal ?? `exit ${code}`}):\n${tailOf(options.logFile)}`
    )
  }
}

export const firstFreePort = async (candidates) => {
  for (const port of candidates) {
    if (await isPortFree(port)) {
      return port
    }
  }
  throw new Error(`No free port among ${candidates.join(', ')}`)
}

const canConnect = (port) =>
  new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })

/** Waits until something accepts connections on the port, or the process dies. */
export const waitForPort = async (tracked, port, timeoutMs) => {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (tracked.exited) {
      throw new Error(
        `${tracked.name} exited during start-up:\n${tailOf(tracked.logFile)}`
      )
    }
    if (await canConnect(port)) {
      return
    }
    await sleep(100)
  }
  throw new Error(
    `${tracked.name} did not listen on ${port} within ${timeoutMs} ms:\n${tailOf(tracked.logFile)}`
  )
}

/**
 * The pid that owns the IPv4 listening socket on this port. `yarn rw serve`
 * puts the server two processes below the one we spawned; the socket says
 * exactly which process does the work.
 */
export const listenerPid = (port) => {
  const portHex = port.toString(16).toUpperCase().padStart(4, '0')
  const listening = fs
    .readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .find((fields) => fields[1]?.endsWith(`:${portHex}`) && fields[3] === '0A')
  if (!listening) {
    throw new Error(`Nothing listens on 127.0.0.1:${port}`)
  }
  const target = `socket:[${listening[9]}]`
  for (const pid of fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    let fds = []
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`)
    } catch {
      continue // exited, or not ours to read
    }
    for (const fd of fds) {
      try {
        if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === target) {
          return Number(pid)
        }
      } catch {
        // closed while we looked
      }
    }
  }
  throw new Error(`No process owns the socket listening on ${port}`)
}

const CLOCK_TICKS = Number(
  execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })
)

/**
 * User + system CPU seconds the process has used, all threads included
 * (libuv's pool, GC helpers). Resolution is one clock tick (10 ms), so CPU is
 * only read around batches long enough for that not to matter.
 */
export const processCpuSeconds = (pid) => {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name may contain spaces; the fields after it do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const utime = Number(fields[11])
  const stime = Number(fields[12])
  return (utime + stime) / CLOCK_TICKS
}

/** How many write(2)-family calls the process has made. */
export const processWriteCalls = (pid) => {
  const io = fs.readFileSync(`/proc/${pid}/io`, 'utf8')
  return Number(io.match(/^syscw:\s*(\d+)/m)[1])
}
