// Counts what each operation asks of Redis, three independent ways:
//  - round trips: write(2) calls Redis makes while one connection sends the
//    requests one at a time. Redis answers each read of a client's socket
//    with one write, so a single script call, a MULTI..EXEC or a pipeline of
//    several commands is one write, and two sequential calls are two;
//  - commands: INFO commandstats deltas, which also count the commands a Lua
//    script runs with redis.call;
//  - which commands: a MONITOR capture, split into commands the api sent and
//    commands run inside scripts.
import { setTimeout as sleep } from 'node:timers/promises'

import { processWriteCalls } from './processes.mjs'

const IGNORED_COMMANDS = new Set(['info', 'monitor'])

const commandCalls = async (redis) => {
  const calls = new Map()
  for (const line of (await redis.info('commandstats')).split('\n')) {
    const match = line.match(/^cmdstat_([^:]+):calls=(\d+)/)
    if (match && !IGNORED_COMMANDS.has(match[1])) {
      calls.set(match[1], Number(match[2]))
    }
  }
  return calls
}

const callsDelta = (before, after) => {
  const delta = {}
  for (const [name, calls] of after) {
    const added = calls - (before.get(name) ?? 0)
    if (added > 0) {
      delta[name] = added
    }
  }
  return delta
}

const sum = (values) => values.reduce((total, value) => total + value, 0)

/** The part of a key after its hash tag: `2fa:{u:7}:session:abc` → `session`. */
const keyRole = (key) => {
  const afterTag = String(key).split('}:')[1] ?? String(key)
  return afterTag.split(':')[0]
}

/** A readable name for a command the api sent, e.g. EVALSHA(session,otp). */
const describe = (args) => {
  const name = String(args[0]).toUpperCase()
  if (name === 'EVALSHA' || name === 'EVAL') {
    const keyCount = Number(args[2])
    return `${name}(${args
      .slice(3, 3 + keyCount)
      .map(keyRole)
      .join(',')})`
  }
  return args.length > 1 ? `${name}(${keyRole(args[1])})` : name
}

const perRequest = (count, requests) =>
  Math.round((count / requests) * 100) / 100

/**
 * Round trips and commands per request for one operation. `sendSequentially`
 * sends `requests` requests over one connection, one at a time, and is called
 * twice: once counted by write calls and commandstats, once under MONITOR
 * (MONITOR makes Redis write to the monitoring client, so it cannot run
 * during the write count).
 */
export const measureRedisCost = async ({
  redis,
  redisPid,
  requests,
  monitorRequests,
  sendSequentially,
}) => {
  const statsBefore = await commandCalls(redis)
  const writesBefore = processWriteCalls(redisPid)
  await sendSequentially(requests)
  const writes = processWriteCalls(redisPid) - writesBefore
  const commands = callsDelta(statsBefore, await commandCalls(redis))

  const monitor = await redis.monitor()
  const seen = []
  monitor.on('monitor', (_time, args, source) => seen.push({ args, source }))
  await sendSequentially(monitorRequests)
  await sleep(200) // MONITOR lines arrive asynchronously
  monitor.disconnect()

  const sent = seen.filter(({ source }) => source !== 'lua')
  const inScripts = seen.length - sent.length
  const sequence = {}
  for (const { args } of sent) {
    const label = describe(args)
    sequence[label] = (sequence[label] ?? 0) + 1
  }
  return {
    roundTrips: perRequest(writes, requests),
    commands: perRequest(sum(Object.values(commands)), requests),
    commandsByName: Object.fromEntries(
      Object.entries(commands).map(([name, calls]) => [
        name,
        perRequest(calls, requests),
      ])
    ),
    sentCommands: perRequest(sent.length, monitorRequests),
    scriptCommands: perRequest(inScripts, monitorRequests),
    sequence: Object.fromEntries(
      Object.entries(sequence).map(([label, n]) => [
        label,
        perRequest(n, monitorRequests),
      ])
    ),
    evalFallbacks: commands.eval ?? 0,
  }
}

/** Script loads since Redis started: ioredis's EVAL after a NOSCRIPT reply. */
export const scriptLoads = async (redis) =>
  (await commandCalls(redis)).get('eval') ?? 0
