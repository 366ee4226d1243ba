import { redisKeys } from '../redis/keys'
import { useRealRedisForEachTest } from '../testing/twoFactorTestkit'

import {
  CREATE_SESSION,
  END_SESSION_FAMILY,
  REVOKE_OTHER_SESSIONS,
  TOUCH_SESSION,
} from './sessionScripts'

const client = useRealRedisForEachTest()

const USER = 77
const MINUTE = 60_000
// Ids here are short: the family of 'a1' is 'a1'.
const keys = (sid: string) => ({
  session: redisKeys.session(USER, sid),
  account: redisKeys.account(USER),
  endedFamily: redisKeys.endedFamily(USER, sid.slice(0, 1)),
})
const create = (sid: string, nowMs = Date.now(), requiredAal = 2) =>
  CREATE_SESSION.run(
    { session: keys(sid).session, account: keys(sid).account },
    { requiredAal, nowMs, idleMs: 30 * MINUTE, email: 'ada@example.com' }
  )
const touch = (sid: string, nowMs = Date.now()) =>
  TOUCH_SESSION.run(keys(sid), {
    nowMs,
    idleMs: 30 * MINUTE,
    maxMs: 12 * 60 * MINUTE,
  })

describe('session scripts on a real Redis', () => {
  it("CREATE_SESSION writes a password-only record at the account epoch, with the idle TTL, and keeps the account's e-mail", async () => {
    await client.hset(redisKeys.account(USER), 'epoch', 3)
    await create('a', 1_000)
    expect(await client.hgetall(redisKeys.session(USER, 'a'))).toEqual({
      aal: '1',
      amr: 'pwd',
      requiredAal: '2',
      verifiedAt: '0',
      proof: '',
      createdAt: '1000',
      epoch: '3',
    })
    const ttl = await client.pttl(redisKeys.session(USER, 'a'))
    expect(ttl).toBeGreaterThan(29 * MINUTE)
    expect(await client.hget(redisKeys.account(USER), 'email')).toBe(
      'ada@example.com'
    )
  })

  it("TOUCH_SESSION returns the fields and the account's e-mail, and slides the idle TTL", async () => {
    const now = Date.now()
    await create('a', now)
    await client.pexpire(redisKeys.session(USER, 'a'), MINUTE)
    expect(await touch('a', now)).toEqual({
      fields: {
        aal: '1',
        amr: 'pwd',
        requiredAal: '2',
        verifiedAt: '0',
        proof: '',
        createdAt: String(now),
        epoch: '0',
      },
      email: 'ada@example.com',
    })
    expect(await client.pttl(redisKeys.session(USER, 'a'))).toBeGreaterThan(
      29 * MINUTE
    )
  })

  it('TOUCH_SESSION ends a session past its absolute lifetime or from an older epoch', async () => {
    const now = Date.now()
    await create('old', now - 12 * 60 * MINUTE - 1)
    expect(await touch('old', now)).toBeNull()
    expect(await client.exists(redisKeys.session(USER, 'old'))).toBe(0)

    await create('revoked', now)
    await client.hincrby(redisKeys.account(USER), 'epoch', 1)
    expect(await touch('revoked', now)).toBeNull()
    expect(await client.exists(redisKeys.session(USER, 'revoked'))).toBe(0)

    expect(await touch('never-existed', now)).toBeNull()
  })

  it('REVOKE_OTHER_SESSIONS ends every other session at once and keeps the one named', async () => {
    await Promise.all(['a', 'b', 'c'].map((sid) => create(sid)))
    expect(
      await REVOKE_OTHER_SESSIONS.run(
        {
          account: redisKeys.account(USER),
          keep: redisKeys.session(USER, 'b'),
        },
        {}
      )
    ).toBe(1)
    expect(await touch('a')).toBeNull()
    expect(await touch('b')).not.toBeNull()
    expect(await touch('c')).toBeNull()
    // Sessions created afterwards are unaffected.
    await create('d')
    expect(await touch('d')).not.toBeNull()
  })

  it('END_SESSION_FAMILY ends the session and, for as long as any could live, every session of its sign-in', async () => {
    // a1 was re-issued as a2 (same family "a"); b1 is another sign-in.
    await Promise.all(['a1', 'a2', 'b1'].map((sid) => create(sid)))
    await END_SESSION_FAMILY.run(
      { session: keys('a1').session, endedFamily: keys('a1').endedFamily },
      { maxMs: 12 * 60 * MINUTE }
    )
    expect(await client.exists(keys('a1').session)).toBe(0)
    expect(await touch('a2')).toBeNull()
    expect(await touch('b1')).not.toBeNull()
    expect(await client.pttl(keys('a1').endedFamily)).toBeGreaterThan(
      12 * 60 * MINUTE - MINUTE
    )
  })
})
