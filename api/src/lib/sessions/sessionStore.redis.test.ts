import { redisKeys } from '../redis/keys'
import { useRealRedisForEachTest } from '../testing/twoFactorTestkit'

import { createSession, loadSession } from './sessionStore'

const MINUTE = 60 * 1000
const USER_ID = 4242

const client = useRealRedisForEachTest()

describe('server-side session lifetime on a real Redis', () => {
  it('each use slides the idle timeout back to 30 minutes', async () => {
    const { sid } = await createSession(USER_ID, {
      secondFactorRequired: false,
    })
    const key = redisKeys.session(USER_ID, sid)
    await client.pexpire(key, 5 * MINUTE)

    expect(await loadSession(USER_ID, sid)).toMatchObject({ sid })
    const ttl = await client.pttl(key)
    expect(ttl).toBeGreaterThan(29 * MINUTE)
    expect(ttl).toBeLessThanOrEqual(30 * MINUTE)
  })

  it('a session in use all along still ends 12 hours after sign-in', async () => {
    const signedInAt = Date.now()
    const { sid } = await createSession(
      USER_ID,
      { secondFactorRequired: false },
      signedInAt
    )
    const twelveHours = 12 * 60 * MINUTE

    expect(
      await loadSession(USER_ID, sid, signedInAt + twelveHours - MINUTE)
    ).not.toBeNull()
    expect(
      await loadSession(USER_ID, sid, signedInAt + twelveHours + 1)
    ).toBeNull()
    expect(await client.exists(redisKeys.session(USER_ID, sid))).toBe(0)
  })
})
