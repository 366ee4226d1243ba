import { redis } from '../redis/client'
import { defineScript, withRedis } from '../redis/defineScript'
import { redisKeys } from '../redis/keys'

/**
 * The Redis side of the factor summary (see factorSummary.ts): kept in the
 * account's hash as `factors`, with a `factorsVersion` that every change
 * bumps. A copy made from an older database read is only stored while its
 * version is still current, so a stale copy cannot stay.
 */

const STORE_SUMMARY = defineScript({
  name: 'factorSummaryStore',
  keys: ['account'],
  args: { summary: 'string', version: 'string' },
  lua: `
if (redis.call('HGET', KEY.account, 'factorsVersion') or '0') ~= ARG.version then return 0 end
redis.call('HSET', KEY.account, 'factors', ARG.summary)
return 1
`,
  parse: (reply) => reply === 1,
})

export const storeFactorSummary = (
  userId: number,
  summary: unknown,
  version: string
) =>
  STORE_SUMMARY.run(
    { account: redisKeys.account(userId) },
    { summary: JSON.stringify(summary), version }
  )

/** After any committed change to the account's factors or recovery codes. */
export const factorsMayHaveChanged = async (userId: number) => {
  await withRedis(() =>
    redis()
      .multi()
      .hincrby(redisKeys.account(userId), 'factorsVersion', 1)
      .hdel(redisKeys.account(userId), 'factors')
      .exec()
  )
}
