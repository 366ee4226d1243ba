import { config } from '../config'
import { redisKeys } from '../redis/keys'
import { CREATE_SESSION } from '../sessions/sessionScripts'
import { useRealRedisForEachTest } from '../testing/twoFactorTestkit'

import { otpDigest } from './factors/sms/otpCode'
import { smsFactor } from './factors/sms/smsFactor'
import { oneScript, VERIFIER_SCRIPTS } from './verifier'

const client = useRealRedisForEachTest()

const USER = 9
const MINUTE = 60_000
const sessionKeys = {
  session: redisKeys.session(USER, 'old'),
  newSession: redisKeys.session(USER, 'new'),
  account: redisKeys.account(USER),
}
const accountKeys = {
  failures: redisKeys.failures(USER),
  lock: redisKeys.lock(USER),
  consecutive: redisKeys.consecutiveFailures(USER),
}
const limits = {
  windowMs: 15 * MINUTE,
  consecutiveMemoryMs: 30 * 24 * 60 * MINUTE,
  maxFailures: 3,
  maxConsecutive: 5,
  lockMs: 15 * MINUTE,
  hardLockMs: 24 * 60 * MINUTE,
}
const rotate = { nowMs: 5_000, idleMs: 30 * MINUTE, method: 'totp' }
const sessionCap = { maxFailuresPerSession: 5 }

const signIn = () =>
  CREATE_SESSION.run(
    { session: sessionKeys.session, account: sessionKeys.account },
    {
      requiredAal: 2,
      nowMs: 1_000,
      idleMs: 30 * MINUTE,
      email: 'x@example.com',
    }
  )
const guard = () =>
  VERIFIER_SCRIPTS.accountGuard.run({ ...sessionKeys, ...accountKeys }, limits)
const settle = (matched: boolean, lockNow = 0, proof = '') =>
  VERIFIER_SCRIPTS.accountSettle.run(
    { ...sessionKeys, ...accountKeys },
    {
      matched: matched ? 1 : 0,
      failureOutcome: 'OTP_INVALID',
      proof,
      lockNow,
      ...rotate,
      ...sessionCap,
    }
  )

describe("the verifier's scripts on a real Redis", () => {
  it('accountGuard counts the attempt before any check and sets the lock when this attempt reaches the cap', async () => {
    await signIn()
    expect(await guard()).toEqual({ outcome: 'CHECK', ms: 0 })
    expect(await guard()).toEqual({ outcome: 'CHECK', ms: 0 })
    expect(await client.get(accountKeys.failures)).toBe('2')
    // The third reaches maxFailures: the lock is already there while it is checked.
    expect(await guard()).toEqual({ outcome: 'CHECK', ms: 15 * MINUTE })
    expect(await client.pttl(accountKeys.lock)).toBeGreaterThan(14 * MINUTE)
    const refused = await guard()
    expect(refused.outcome).toBe('TWO_FACTOR_LOCKED')
    expect(await client.get(accountKeys.failures)).toBe('3') // not counted
  })

  it('accountGuard locks for a day once consecutive failures reach their cap', async () => {
    await signIn()
    await client.set(accountKeys.consecutive, 4)
    expect(await guard()).toEqual({ outcome: 'CHECK', ms: 24 * 60 * MINUTE })
  })

  it('accountGuard refuses a session that does not exist', async () => {
    expect(await guard()).toEqual({ outcome: 'NO_SESSION', ms: 0 })
    expect(await client.exists(accountKeys.failures)).toBe(0)
  })

  it('accountSettle on a match clears the counters and the lock and rotates the session to aal 2', async () => {
    await signIn()
    await guard()
    await client.set(accountKeys.lock, '1')
    expect(await settle(true, 0, 'sms:4')).toEqual({
      outcome: 'OK',
      ms: 0,
      extra: 'sms:4',
    })
    expect(
      await client.exists(
        accountKeys.failures,
        accountKeys.consecutive,
        accountKeys.lock
      )
    ).toBe(0)
    expect(await client.exists(sessionKeys.session)).toBe(0)
    expect(await client.hgetall(sessionKeys.newSession)).toMatchObject({
      aal: '2',
      amr: 'pwd totp',
      verifiedAt: '5000',
      proof: 'sms:4',
      createdAt: '1000',
    })
    expect(await client.hget(sessionKeys.account, 'lastMethod')).toBe('totp')
  })

  it('accountSettle on a miss reports, and the attempt that set the lock says so', async () => {
    await signIn()
    await guard()
    expect(await settle(false)).toEqual({ outcome: 'OTP_INVALID', ms: 0 })
    expect(await settle(false, 900_000)).toEqual({
      outcome: 'TWO_FACTOR_LOCKED',
      ms: 900_000,
      extra: 'NEW',
    })
    expect(await client.exists(sessionKeys.newSession)).toBe(0)
  })

  it('accountSettle refuses when the session ended between the steps', async () => {
    expect(await settle(true)).toEqual({ outcome: 'NO_SESSION', ms: 0 })
    expect(await client.exists(sessionKeys.newSession)).toBe(0)
  })

  it('sessionGuard and sessionSettle keep their own per-session count and leave the account lock alone', async () => {
    await signIn()
    await client.set(accountKeys.lock, '1', 'PX', MINUTE)
    for (let i = 0; i < 2; i++) {
      expect(
        await VERIFIER_SCRIPTS.sessionGuard.run(sessionKeys, {
          maxRecoveryTries: 2,
        })
      ).toEqual({ outcome: 'CHECK', ms: 0 })
    }
    expect(
      await VERIFIER_SCRIPTS.sessionGuard.run(sessionKeys, {
        maxRecoveryTries: 2,
      })
    ).toEqual({ outcome: 'RECOVERY_CODE_ATTEMPTS_EXCEEDED', ms: 0 })
    expect(
      await VERIFIER_SCRIPTS.sessionSettle.run(sessionKeys, {
        matched: 1,
        failureOutcome: '',
        proof: '',
        lockNow: 0,
        ...rotate,
        method: 'recovery_code',
      })
    ).toEqual({ outcome: 'OK', ms: 0, extra: '' })
    const rotated = await client.hgetall(sessionKeys.newSession)
    expect(rotated).toMatchObject({ aal: '2', amr: 'pwd recovery_code' })
    expect(rotated.recoveryTries).toBeUndefined()
    expect(await client.exists(accountKeys.lock)).toBe(1)
  })

  it("the SMS factor's one script consumes a matching code, its cooldown, and records which number it reached", async () => {
    await signIn()
    const digest = otpDigest(config().otp.hmacKey, USER, '123456')
    await client.hset(redisKeys.otp(USER), {
      digest,
      target: 'sms:31',
      tries: 0,
    })
    await client.set(redisKeys.resendCooldown(USER), '1')
    const run = (submission: string) =>
      oneScript(smsFactor).run(
        { ...sessionKeys, ...accountKeys, ...smsFactor.keys(USER) },
        {
          ...limits,
          ...rotate,
          ...sessionCap,
          method: 'sms',
          ...smsFactor.args(USER, submission),
        }
      )
    expect(await run('654321')).toEqual({ outcome: 'OTP_INVALID', ms: 0 })
    expect(await client.hget(redisKeys.otp(USER), 'tries')).toBe('1')
    expect(await run('123456')).toEqual({
      outcome: 'OK',
      ms: 0,
      extra: 'sms:31',
    })
    expect(
      await client.exists(redisKeys.otp(USER), redisKeys.resendCooldown(USER))
    ).toBe(0)
    expect(await client.hget(sessionKeys.newSession, 'proof')).toBe('sms:31')
  })
})
