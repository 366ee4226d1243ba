// Starting and stopping what the bench runs (Redis, builds, the api servers,
// the ceiling), each child in a process group of its own so that nothing it
// started outlives the run, and reading a process's CPU time.
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

import { isPortFree } from '../lib/localRun.mjs'

const running = new Set()

export const step = (text) => console.log(`==> ${text}`)

export const tailOf = (file, lines = 30) => {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n')
  } catch {
    return ''
  }
}

/** Output goes to a log file: a pipe nobody reads would block the child. */
export const start = (name, command, args, { cwd, env, log }) => {
  const fd = fs.openSync(log, 'a')
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', fd, fd],
  })
  fs.closeSync(fd)
  const proc = { name, pid: child.pid, log, exited: false }
  proc.exit = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      proc.exited = true
      running.delete(proc)
      resolve({ code, signal })
    })
  )
  running.add(proc)
  return proc
}

/** SIGTERM (a profiled server writes its profile then), SIGKILL if it lingers. */
export const stop = async (proc) => {
  for (const signal of ['SIGTERM', 'SIGKILL']) {
    if (proc.exited) {
      break
    }
    try {
      process.kill(-proc.pid, signal)
    } catch {
      break // the group is gone
    }
    await Promise.race([proc.exit, sleep(10_000)])
  }
  try {
    process.kill(-proc.pid, 'SIGKILL') // whatever the leader left behind
  } catch {
    // nothing left
  }
}

export const stopAll = async () => {
  for (const proc of [...running].reverse()) {
    await stop(proc)
  }
}

/** Runs a command to completion; throws with the end of its log if it fails. */
export const run = async (command, args, options) => {
  const name = [command, ...args].join(' ')
  const { code, signal } = await start(name, command, args, options).exit
  if (code !== 0) {
    const end = tailOf(options.log)
    throw new Error(`${name} failed (${signal ?? `exit ${code}`}):\n${end}`)
  }
}

const handedOut = new Set()

/** The first free port from `from` on that this run has not handed out yet. */
export const freePort = async (from) => {
  for (let port = from; port < from + 100; port++) {
    if (!handedOut.has(port) && (await isPortFree(port))) {
      handedOut.add(port)
      return port
    }
  }
  throw new Error(`No free port from ${from}`)
}

const canConnect = (port) =>
  new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.once('connect', () => resolve(Boolean(socket.end())))
    socket.once('error', () => resolve(false))
  })

/** Starts a server and waits until it accepts connections on `port`. */
export const startServer = async (name, port, [command, ...args], options) => {
  const proc = start(name, command, args, options)
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    if (proc.exited) {
      throw new Error(`${name} exited at start:\n${tailOf(proc.log)}`)
    }
    if (await canConnect(port)) {
      return proc
    }
    await sleep(100)
  }
  throw new Error(`${name} did not listen on ${port}:\n${tailOf(proc.log)}`)
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']))

/** User + system CPU seconds of a process, all its threads, to 10 ms. */
export const cpuSeconds = (pid) => {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name may hold spaces; the fields after its ')' do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS
}
