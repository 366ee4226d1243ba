import type Redis from 'ioredis'

import { ServiceUnavailableError, TwoFactorError } from './errors'
import { logger } from './logger'
import { redis } from './redis'

export type RedisScript = { name: string; numberOfKeys: number; lua: string }

const defined = new WeakMap<Redis, Set<string>>()

/**
 * Runs a Lua script atomically (EVALSHA, falling back to EVAL once per
 * server). Any Redis failure becomes SERVICE_UNAVAILABLE: the second factor
 * fails closed.
 */
export const runScript = async <T = unknown>(
  script: RedisScript,
  keys: string[],
  args: (string | number)[]
): Promise<T> => {
  const client = redis()
  let names = defined.get(client)
  if (!names) {
    names = new Set()
    defined.set(client, names)
  }
  if (!names.has(script.name)) {
    client.defineCommand(script.name, {
      numberOfKeys: script.numberOfKeys,
      lua: script.lua,
    })
    names.add(script.name)
  }
  const command = (
    client as unknown as Record<string, (...a: unknown[]) => Promise<T>>
  )[script.name]
  return withRedis(() => command.call(client, ...keys, ...args))
}

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
