import { redisKeys } from '../../../redis/keys'
import { useRealRedisForEachTest } from '../../../testing/twoFactorTestkit'

import { DISCARD_CODE, ISSUE_CODE, RESERVE_SMS } from './smsScripts'

const client = useRealRedisForEachTest()

const USER = 5
const HOUR = 3_600_000
const issue = (digest: string, overrides = {}) =>
  ISSUE_CODE.run(
    {
      otp: redisKeys.otp(USER),
      cooldown: redisKeys.resendCooldown(USER),
      hourlySends: redisKeys.hourlySends(USER),
      lock: redisKeys.lock(USER),
    },
    {
      digest,
      target: 'sms:12',
      ttlMs: 300_000,
      cooldownMs: 60_000,
      maxCooldownMs: 200_000,
      maxSendsPerHour: 2,
      nowMs: 1_000,
      hourMs: HOUR,
      ...overrides,
    }
  )
const reserve = (
  destination = 'd1',
  { enrollment = false, address = 'a1', hourlyBudget = 3 } = {}
) =>
  RESERVE_SMS.run(
    {
      destinationSends: redisKeys.destinationSends(destination),
      budget: redisKeys.globalSmsBudget(),
      enrollmentBudget: redisKeys.enrollmentSmsBudget(),
      enrollmentFromAddress: redisKeys.enrollmentSendsFromAddress(address),
    },
    {
      enrollment: enrollment ? 1 : 0,
      maxPerDestinationPerHour: 2,
      hourlyBudget,
      enrollmentBudget: 2,
      enrollmentMaxPerAddress: 1,
      hourMs: HOUR,
    }
  )

describe('SMS scripts on a real Redis', () => {
  it('ISSUE_CODE stores the digest, its number and a TTL, and starts the cooldown', async () => {
    expect(await issue('digest-1')).toEqual({ outcome: 'OK', ms: 60_000 })
    expect(await client.hgetall(redisKeys.otp(USER))).toEqual({
      digest: 'digest-1',
      target: 'sms:12',
      tries: '0',
      sentAt: '1000',
      replaced: '',
    })
    expect(await client.pttl(redisKeys.otp(USER))).toBeGreaterThan(299_000)
    const refused = await issue('digest-2')
    expect(refused.outcome).toBe('RATE_LIMITED')
    expect(refused.ms).toBeGreaterThan(59_000)
    expect(await client.hget(redisKeys.otp(USER), 'digest')).toBe('digest-1')
  })

  it('ISSUE_CODE makes each wait longer than the last within the hour, up to a ceiling', async () => {
    const waits: number[] = []
    for (let i = 0; i < 4; i++) {
      await client.del(redisKeys.resendCooldown(USER))
      const sent = await issue(`digest-${i}`, { maxSendsPerHour: 10 })
      waits.push(sent.ms)
    }
    expect(waits).toEqual([60_000, 120_000, 200_000, 200_000])
    expect(await client.pttl(redisKeys.resendCooldown(USER))).toBeGreaterThan(
      199_000
    )
  })

  it("ISSUE_CODE keeps the replaced code's digest, so typing it can say so", async () => {
    await issue('digest-1')
    await client.del(redisKeys.resendCooldown(USER))
    await issue('digest-2')
    expect(await client.hget(redisKeys.otp(USER), 'replaced')).toBe('digest-1')
  })

  it('ISSUE_CODE replaces the live code and stops at the hourly cap', async () => {
    await issue('digest-1')
    await client.del(redisKeys.resendCooldown(USER))
    expect((await issue('digest-2')).outcome).toBe('OK')
    expect(await client.hget(redisKeys.otp(USER), 'digest')).toBe('digest-2')
    await client.del(redisKeys.resendCooldown(USER))
    const capped = await issue('digest-3')
    expect(capped.outcome).toBe('RATE_LIMITED')
    expect(capped.ms).toBeGreaterThan(HOUR - 5_000)
  })

  it('RESERVE_SMS counts per destination and against the budget, refusing without counting', async () => {
    expect(await reserve('d1')).toEqual({ outcome: 'OK', ms: 0, extra: '1' })
    expect(await reserve('d1')).toEqual({ outcome: 'OK', ms: 0, extra: '2' })
    expect((await reserve('d1')).outcome).toBe('RATE_LIMITED')
    expect((await reserve('d2')).outcome).toBe('OK')
    expect((await reserve('d3')).outcome).toBe('SMS_BUDGET_EXCEEDED')
    expect(await client.get(redisKeys.globalSmsBudget())).toBe('3')
    expect(await client.get(redisKeys.destinationSends('d3'))).toBeNull()
  })

  it('DISCARD_CODE removes only the code it was given', async () => {
    await issue('digest-1')
    expect(
      await DISCARD_CODE.run({ otp: redisKeys.otp(USER) }, { digest: 'other' })
    ).toBe(false)
    expect(await client.exists(redisKeys.otp(USER))).toBe(1)
    expect(
      await DISCARD_CODE.run(
        { otp: redisKeys.otp(USER) },
        { digest: 'digest-1' }
      )
    ).toBe(true)
    expect(await client.exists(redisKeys.otp(USER))).toBe(0)
  })
})

describe('the SMS budget shares on a real Redis', () => {
  it('RESERVE_SMS lets texts to unproven numbers use only their share and a few per address', async () => {
    const budget = 10
    expect(
      (
        await reserve('e1', {
          enrollment: true,
          address: 'x',
          hourlyBudget: budget,
        })
      ).outcome
    ).toBe('OK')
    // One per address...
    expect(
      (
        await reserve('e2', {
          enrollment: true,
          address: 'x',
          hourlyBudget: budget,
        })
      ).outcome
    ).toBe('RATE_LIMITED')
    // ...and two in all, from any address.
    expect(
      (
        await reserve('e3', {
          enrollment: true,
          address: 'y',
          hourlyBudget: budget,
        })
      ).outcome
    ).toBe('OK')
    expect(
      (
        await reserve('e4', {
          enrollment: true,
          address: 'z',
          hourlyBudget: budget,
        })
      ).outcome
    ).toBe('SMS_BUDGET_EXCEEDED')
    // Sign-in codes to proven numbers still have the rest.
    for (const destination of ['s1', 's2', 's3']) {
      expect(
        (await reserve(destination, { hourlyBudget: budget })).outcome
      ).toBe('OK')
    }
    expect(await client.get(redisKeys.enrollmentSmsBudget())).toBe('2')
    expect(await client.get(redisKeys.globalSmsBudget())).toBe('5')
  })

  it('ISSUE_CODE sends nothing while verification is locked', async () => {
    await client.set(redisKeys.lock(USER), '1', 'PX', 60_000)
    const refused = await issue('digest-1')
    expect(refused.outcome).toBe('TWO_FACTOR_LOCKED')
    expect(refused.ms).toBeGreaterThan(59_000)
    expect(
      await client.exists(redisKeys.otp(USER), redisKeys.hourlySends(USER))
    ).toBe(0)
  })
})
