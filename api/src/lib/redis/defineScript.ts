import type Redis from 'ioredis'

import { ServiceUnavailableError, TwoFactorError } from '../errors'
import { logger } from '../logger'

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

const defined = new WeakMap<Redis, Set<string>>()

const commandOn = (
  client: Redis,
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
  return (
    client as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>
  )[name]
}

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

  const run = async (
    keyValues: Record<K, string>,
    argValues: Record<A, string | number>
  ) => {
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
    const reply = await withRedis(() => {
      const client = redis()
      const command = commandOn(client, spec.name, keys.length, source)
      return command.call(client, ...keyList, ...argList)
    })
    return spec.parse(reply)
  }

  return { name: spec.name, keys, args: argNames, source, run }
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

/** Wraps any Redis call so an outage is a clean, stable error. */
export const withRedis = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work()
  } catch (error) {
    if (error instanceof TwoFactorError) {
      throw error
    }
    // Not the error object itself: ioredis attaches the command's arguments,
    // which hold session ids and code digests.
    const { name, message } = error as Error
    logger.error({ err: { name, message } }, 'Redis command failed')
    throw new ServiceUnavailableError()
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
