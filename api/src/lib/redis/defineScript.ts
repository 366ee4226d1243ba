import { config } from '../config'
import { ServiceUnavailableError, TwoFactorError } from '../errors'
import { logger } from '../logger'

import type { RedisClient } from './client'
import { redis } from './client'

/**
 * Lua scripts with named inputs. A script lists the keys it touches and the
 * arguments it takes by name; its source reads them as `KEY.session` and
 * `ARG.nowMs` (numbers arrive as Lua numbers), and its reply goes through
 * `parse` before any caller sees it. Every key a script touches is passed in
 * KEYS and must share one hash tag, so each script runs in one Redis Cluster
 * slot and a script can never reach a key nobody declared.
 */

type ArgType = 'string' | 'number'

/** A piece of Lua with the keys and arguments it reads; scripts are made of these. */
export type LuaFragment<K extends string, A extends string> = {
  keys: readonly K[]
  args: Readonly<Record<A, ArgType>>
  lua: string
}

export type RedisScript<K extends string, A extends string, R> = {
  name: string
  keys: readonly K[]
  args: readonly A[]
  /** The Lua Redis runs: a prelude that names KEYS and ARGV, then the body. */
  source: string
  run: (keys: Record<K, string>, args: Record<A, string | number>) => Promise<R>
  /** The same call, to send in one round trip with others (`runTogether`). */
  call: (
    keys: Record<K, string>,
    args: Record<A, string | number>
  ) => ScriptCall<R>
}

/** A script with its inputs, not yet sent. */
export type ScriptCall<R> = {
  name: string
  numberOfKeys: number
  source: string
  inputs: (string | number)[]
  slot: string
  parse: (reply: unknown) => R
}

const LUA_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

const prelude = (keys: readonly string[], args: [string, ArgType][]) => {
  const keyList = keys.map((name, i) => `${name} = KEYS[${i + 1}]`)
  const argList = args.map(([name, type], i) =>
    type === 'number'
      ? `${name} = tonumber(ARGV[${i + 1}])`
      : `${name} = ARGV[${i + 1}]`
  )
  return `local KEY = { ${keyList.join(', ')} }\nlocal ARG = { ${argList.join(', ')} }\n`
}

/** `2fa:{u:42}:otp` → `u:42`: the part Redis Cluster hashes (whole key without braces). */
export const hashTagOf = (key: string) => {
  const open = key.indexOf('{')
  const close = open >= 0 ? key.indexOf('}', open + 1) : -1
  return close > open + 1 ? key.slice(open + 1, close) : key
}

const defined = new WeakMap<RedisClient, Set<string>>()

const commandOn = (
  client: RedisClient,
  name: string,
  numberOfKeys: number,
  lua: string
) => {
  let names = defined.get(client)
  if (!names) {
    names = new Set()
    defined.set(client, names)
  }
  if (!names.has(name)) {
    // EVALSHA, falling back to EVAL once per server (ioredis does both).
    client.defineCommand(name, { numberOfKeys, lua })
    names.add(name)
  }
}

const registry = new Map<string, RedisScript<string, string, unknown>>()

/**
 * Every script defined so far, by name. Names are how a client knows a
 * script (`defineCommand`), so a name used twice for different Lua would run
 * the first one's source: that is refused.
 */
export const definedScripts = () => [...registry.values()]

export const defineScript = <K extends string, A extends string, R>(spec: {
  name: string
  keys: readonly K[]
  args: Readonly<Record<A, ArgType>>
  lua: string
  parse: (reply: unknown) => R
}): RedisScript<K, A, R> => {
  const keys = [...new Set(spec.keys)]
  const args = Object.entries(spec.args) as [A, ArgType][]
  for (const name of [...keys, ...args.map(([arg]) => arg)]) {
    if (!LUA_NAME.test(name)) {
      throw new Error(`${spec.name}: "${name}" is not a Lua name`)
    }
  }
  const source = prelude(keys, args) + spec.lua
  const argNames = args.map(([name]) => name)

  const call = (
    keyValues: Record<K, string>,
    argValues: Record<A, string | number>
  ): ScriptCall<R> => {
    const keyList = keys.map((name) => keyValues[name])
    const argList = argNames.map((name) => argValues[name])
    if (keyList.some((key) => typeof key !== 'string')) {
      throw new Error(`${spec.name}: needs keys ${keys.join(', ')}`)
    }
    if (argList.some((arg) => arg === undefined || arg === null)) {
      throw new Error(`${spec.name}: needs arguments ${argNames.join(', ')}`)
    }
    const tags = new Set(keyList.map(hashTagOf))
    if (tags.size > 1) {
      throw new Error(
        `${spec.name}: keys span Redis Cluster slots (${[...tags].join(', ')})`
      )
    }
    return {
      name: spec.name,
      numberOfKeys: keys.length,
      source,
      inputs: [...keyList, ...argList],
      slot: [...tags][0] ?? '',
      parse: spec.parse,
    }
  }

  const run = async (
    keyValues: Record<K, string>,
    argValues: Record<A, string | number>
  ) => {
    const scriptCall = call(keyValues, argValues)
    const [reply] = await withRedis(() => {
      const client = redis()
      commandOn(client, spec.name, keys.length, source)
      return sendInOrder(client, [scriptCall])
    })
    return scriptCall.parse(reply)
  }

  const script = { name: spec.name, keys, args: argNames, source, run, call }
  const earlier = registry.get(spec.name)
  if (earlier && earlier.source !== source) {
    throw new Error(`${spec.name}: another script already has this name`)
  }
  registry.set(spec.name, script as RedisScript<string, string, unknown>)
  return script
}

/**
 * One script from fragments run in order, with the union of their keys and
 * arguments; fragments share Lua locals, so a later one reads what an earlier
 * one decided. This is how a factor's own check runs between the verifier's
 * steps without a round trip of its own.
 */
export const composeScript = <R>(
  name: string,
  fragments: LuaFragment<string, string>[],
  parse: (reply: unknown) => R
) =>
  defineScript({
    name,
    keys: fragments.flatMap((fragment) => fragment.keys),
    args: Object.assign({}, ...fragments.map((fragment) => fragment.args)),
    lua: fragments.map((fragment) => fragment.lua).join('\n'),
    parse,
  })

/**
 * Sends several script calls in one round trip (a pipeline) and returns their
 * parsed replies in order. Redis runs them one after the other, each still
 * atomic, but not together: a later one runs whatever an earlier one
 * decided, so the caller must be able to undo it. A Redis Cluster cannot
 * pipeline across slots, so there the calls go one at a time.
 */
export const runTogether = async <T extends ScriptCall<unknown>[]>(
  ...calls: T
): Promise<{
  [I in keyof T]: T[I] extends ScriptCall<infer R> ? R : never
}> => {
  const replies = await withRedis(async () => {
    const client = redis()
    for (const { name, numberOfKeys, source } of calls) {
      commandOn(client, name, numberOfKeys, source)
    }
    if (client.isCluster && new Set(calls.map((c) => c.slot)).size > 1) {
      const each = []
      for (const scriptCall of calls) {
        each.push(...(await sendInOrder(client, [scriptCall])))
      }
      return each
    }
    return sendInOrder(client, calls)
  })
  return calls.map((c, i) => c.parse(replies[i])) as never
}

/** How long a replica may take to confirm a write (REDIS_REPLICA_ACKS). */
const REPLICA_ACK_TIMEOUT_MS = 500

/**
 * Sends script calls of one slot in one pipeline and returns their raw
 * replies. With REDIS_REPLICA_ACKS set, a WAIT follows in the same round
 * trip, and the answers count only once that many replicas hold the writes:
 * otherwise a replica promoted a moment later would not know that a code was
 * used or a failure counted, and would accept the code again. A write the
 * replicas did not confirm is reported as an outage (fail closed).
 */
const sendInOrder = async (
  client: RedisClient,
  calls: ScriptCall<unknown>[]
): Promise<unknown[]> => {
  const acks = config().redisConnection?.replicaAcks ?? 0
  const pipeline = client.pipeline() as unknown as Record<
    string,
    (...a: unknown[]) => unknown
  > & {
    wait: (replicas: number, timeoutMs: number) => unknown
    exec: () => Promise<[Error | null, unknown][] | null>
  }
  for (const { name, inputs } of calls) {
    pipeline[name](...inputs)
  }
  if (acks > 0) {
    pipeline.wait(acks, REPLICA_ACK_TIMEOUT_MS)
  }
  const replies = ((await pipeline.exec()) ?? []).map(([error, reply]) => {
    if (error) throw error
    return reply
  })
  if (acks > 0 && Number(replies.pop()) < acks) {
    throw new Error(
      `fewer than ${acks} Redis replica(s) confirmed the write within ${REPLICA_ACK_TIMEOUT_MS} ms`
    )
  }
  return replies
}

/**
 * Longest any Redis call may take. A single server's client fails a command
 * after `commandTimeout`; a Cluster client keeps commands queued while it
 * reconnects (every node down), so the bound is kept here for all.
 */
const CALL_DEADLINE_MS = 2_000

class RedisDeadlineError extends Error {
  constructor() {
    super(`no answer from Redis within ${CALL_DEADLINE_MS} ms`)
    this.name = 'RedisDeadlineError'
  }
}

/** Wraps any Redis call so an outage is a clean, stable error. */
export const withRedis = async <T>(work: () => Promise<T>): Promise<T> => {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      work(),
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(
          () => reject(new RedisDeadlineError()),
          CALL_DEADLINE_MS
        )
      }),
    ])
  } catch (error) {
    if (error instanceof TwoFactorError) {
      throw error
    }
    // Not the error object itself: ioredis attaches the command's arguments,
    // which hold session ids and code digests.
    const { name, message } = error as Error
    logger.error({ err: { name, message } }, 'Redis command failed')
    throw new ServiceUnavailableError()
  } finally {
    clearTimeout(timer)
  }
}

/** Reply parsing: a script's reply is checked, never cast. */
export class ScriptReplyError extends Error {
  constructor(script: string, reply: unknown) {
    super(`${script}: unexpected reply ${JSON.stringify(reply)}`)
    this.name = 'ScriptReplyError'
  }
}

/** `{outcome, number}` replies, the shape most of the app's scripts return. */
export const outcomeReply =
  <O extends string>(script: string, outcomes: readonly O[]) =>
  (reply: unknown): { outcome: O; ms: number; extra?: string } => {
    if (
      Array.isArray(reply) &&
      outcomes.includes(reply[0]) &&
      (reply[1] === undefined || Number.isInteger(reply[1]))
    ) {
      return {
        outcome: reply[0] as O,
        ms: (reply[1] as number | undefined) ?? 0,
        extra: typeof reply[2] === 'string' ? reply[2] : undefined,
      }
    }
    throw new ScriptReplyError(script, reply)
  }
