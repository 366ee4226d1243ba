// Every service call below runs in its own request context, as in the api server.
jest.mock('@redwoodjs/context', () => jest.requireActual('@redwoodjs/context'))

import { context } from '@redwoodjs/context'

import { db } from 'src/lib/db'
import { redisKeys } from 'src/lib/redis/keys'
import type { SessionState } from 'src/lib/sessions/sessionStore'
import { createSession, loadSession } from 'src/lib/sessions/sessionStore'
import { codeOf } from 'src/lib/testing/realRedis'
import type { TestUser } from 'src/lib/testing/requests'
import {
  asRequest,
  pendingSession,
  sessionIdIn,
} from 'src/lib/testing/requests'
import {
  lastCode,
  sentSms,
  useRealRedisForEachTest,
} from 'src/lib/testing/twoFactorTestkit'
import {
  cancelPhoneNumberChange,
  enableTwoFactorAuth,
  removePhoneNumber,
  requestOtp,
  setPhoneNumber,
  twoFactorStatus,
  verifyOtp,
} from 'src/services/twoFactorAuth/twoFactorAuth'

import type { StandardScenario } from './phoneNumbers.redis.scenarios'

const client = useRealRedisForEachTest()

const numbersOf = (userId: number) =>
  db.secondFactor.findMany({
    where: { userId, kind: 'SMS' },
    select: { phoneNumber: true, verifiedAt: true },
    orderBy: { id: 'asc' },
  })

/** Verifies the last texted code and follows the re-issued session. */
const verifyLastCode = async (user: TestUser, session: SessionState) => {
  const cookie = await asRequest(user, session, async () => {
    await verifyOtp({ otp: lastCode() })
    return context.twoFactorResponseCookie as string
  })
  return loadSession(user.id, sessionIdIn(cookie))
}

/** A 2FA session that verified a text just now. */
const freshSession = async (user: TestUser) => {
  const session = await pendingSession(user)
  await asRequest(user, session, () => requestOtp())
  await client.del(redisKeys.resendCooldown(user.id))
  return verifyLastCode(user, session)
}

describe('phone numbers are proven before they count', () => {
  scenario(
    'on a 2FA account a new number waits for its code while the old one keeps signing in; the code makes the switch and signs out other sessions',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      const elsewhere = await createSession(user.id, {
        secondFactorRequired: false,
      })
      const session = await freshSession(user)
      expect(
        await asRequest(user, session, () =>
          setPhoneNumber({ phoneNumber: '+1 201 555 0177' })
        )
      ).toMatchObject({ success: true })
      expect(
        await asRequest(user, session, () => twoFactorStatus())
      ).toMatchObject({
        enabled: true,
        phoneNumberHint: '+1******0199',
        pendingPhoneNumberHint: '+1******0177',
      })

      // Signing in meanwhile: the code goes to the proven number only.
      const signIn = await pendingSession(user)
      await asRequest(user, signIn, () => requestOtp())
      expect(sentSms.at(-1).to).toBe('+12015550199')
      await client.del(redisKeys.resendCooldown(user.id))

      // The signed-in session proves the new number.
      await asRequest(user, session, () => requestOtp())
      expect(sentSms.at(-1).to).toBe('+12015550177')
      const after = await verifyLastCode(user, session)
      expect(await numbersOf(user.id)).toEqual([
        { phoneNumber: '+12015550177', verifiedAt: expect.any(Date) },
      ])
      expect(
        await asRequest(user, after, () => twoFactorStatus())
      ).toMatchObject({
        phoneNumberHint: '+1******0177',
        pendingPhoneNumberHint: null,
      })
      expect(await loadSession(user.id, elsewhere.sid)).toBeNull()
      expect(await loadSession(user.id, after.sid)).not.toBeNull()
    }
  )

  scenario(
    'once the second factor that allowed a change is no longer fresh, "confirm it is you" codes go to the verified number',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      const session = await freshSession(user)
      await asRequest(user, session, () =>
        setPhoneNumber({ phoneNumber: '+12015550177' })
      )
      // Eleven minutes later the change is no longer authorised.
      await client.hset(
        redisKeys.session(user.id, session.sid),
        'verifiedAt',
        Date.now() - 11 * 60_000
      )
      const stale = await loadSession(user.id, session.sid)
      await asRequest(user, stale, () => requestOtp())
      expect(sentSms.at(-1).to).toBe('+12015550199')
      // Verifying it makes the session fresh again but switches nothing.
      const refreshed = await verifyLastCode(user, stale)
      expect(await numbersOf(user.id)).toEqual([
        { phoneNumber: '+12015550199', verifiedAt: expect.any(Date) },
        { phoneNumber: '+12015550177', verifiedAt: null },
      ])
      // Fresh again, the next code goes to the new number.
      await client.del(redisKeys.resendCooldown(user.id))
      await asRequest(user, refreshed, () => requestOtp())
      expect(sentSms.at(-1).to).toBe('+12015550177')
    }
  )

  scenario(
    'a cancelled change leaves everything as it was',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      const session = await freshSession(user)
      const before = await numbersOf(user.id)
      await asRequest(user, session, () =>
        setPhoneNumber({ phoneNumber: '+12015550177' })
      )
      await asRequest(user, session, () => requestOtp())
      await asRequest(user, session, () => cancelPhoneNumberChange())
      expect(await numbersOf(user.id)).toEqual(before)
      // The code sent to the abandoned number died with it.
      expect(await client.exists(redisKeys.otp(user.id))).toBe(0)
      expect(
        await asRequest(user, session, () => twoFactorStatus())
      ).toMatchObject({
        phoneNumberHint: '+1******0199',
        pendingPhoneNumberHint: null,
      })
    }
  )

  scenario(
    'without 2FA, a verified code proves the number but only enableTwoFactorAuth turns it on',
    async (scenario: StandardScenario) => {
      const user = scenario.user.numberPending
      const session = await createSession(user.id, {
        secondFactorRequired: false,
      })
      await asRequest(user, session, () => requestOtp())
      const proven = await verifyLastCode(user, session)
      expect(
        await asRequest(user, proven, () => twoFactorStatus())
      ).toMatchObject({ enabled: false, methods: [] })
      const enabled = await asRequest(user, proven, () => enableTwoFactorAuth())
      expect(enabled.recoveryCodes).toHaveLength(10)
      expect(
        await asRequest(user, proven, () => twoFactorStatus())
      ).toMatchObject({
        enabled: true,
        methods: ['SMS', 'RECOVERY_CODE'],
        recoveryCodesRemaining: 10,
        pendingPhoneNumberHint: null,
      })
    }
  )

  scenario(
    'removing the only number needs a fresh factor and turns 2FA off',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      const stale = await createSession(user.id, {
        secondFactorRequired: false,
      })
      expect(
        await asRequest(user, stale, () => codeOf(removePhoneNumber()))
      ).toBe('FRESH_SECOND_FACTOR_REQUIRED')
      const session = await freshSession(user)
      await asRequest(user, session, () => removePhoneNumber())
      expect(await numbersOf(user.id)).toEqual([])
      expect(
        await asRequest(user, session, () => twoFactorStatus())
      ).toMatchObject({ enabled: false, methods: [], phoneNumberHint: null })
    }
  )

  scenario(
    "saving another account's number answers like any other number",
    async (scenario: StandardScenario) => {
      const user = scenario.user.numberPending
      const session = await createSession(user.id, {
        secondFactorRequired: false,
      })
      const theirs = await asRequest(user, session, () =>
        setPhoneNumber({ phoneNumber: '+12015550199' })
      )
      const fresh = await asRequest(user, session, () =>
        setPhoneNumber({ phoneNumber: '+12015550188' })
      )
      expect(theirs).toEqual({ ...fresh, message: expect.any(String) })
      expect(theirs.message).toBe('Phone number saved: +1******0199')
    }
  )
})
