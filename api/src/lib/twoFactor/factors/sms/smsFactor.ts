import { audit } from '../../../audit'
import { clientAddress } from '../../../clientAddress'
import { config } from '../../../config'
import type { TwoFactorErrorCode } from '../../../errors'
import { TwoFactorError } from '../../../errors'
import { logger } from '../../../logger'
import { maskPhoneNumber, parsePhoneNumber } from '../../../phone'
import { redis } from '../../../redis/client'
import { runTogether, withRedis } from '../../../redis/defineScript'
import { redisKeys } from '../../../redis/keys'
import type { SmsDelivery } from '../../../sms'
import { sendSms, SmsDeliveryError } from '../../../sms'
import type { ScriptCheckedFactor } from '../../verifier'

import {
  destinationDigest,
  generateOtpCode,
  isWellFormedOtp,
  otpDigest,
} from './otpCode'
import {
  CHECK_CODE,
  DISCARD_CODE,
  ISSUE_CODE,
  RESERVE_BUDGET,
  RESERVE_NOTICE,
  REFUND_SMS,
  RESERVE_SMS,
} from './smsScripts'

const HOUR_MS = 60 * 60 * 1000

/** Codes texted to the account's number; checked inside the verifier's script. */
export const smsFactor: ScriptCheckedFactor = {
  method: 'SMS',
  amr: 'sms',
  check: CHECK_CODE,
  keys: (userId) => ({
    otp: redisKeys.otp(userId),
    cooldown: redisKeys.resendCooldown(userId),
  }),
  args: (userId, submission) => ({
    // A malformed code gives an empty digest: it matches nothing but still counts.
    digest: isWellFormedOtp(submission)
      ? otpDigest(config().otp.hmacKey, userId, submission)
      : '',
    maxTriesPerCode: config().otp.maxAttemptsPerCode,
  }),
}

/**
 * Where codes can go (SMS pumping, toll fraud): countries in
 * SMS_ALLOWED_COUNTRIES, and only numbers that can be mobiles. Texts to
 * premium-rate, toll-free or shared-cost numbers are how pumping schemes
 * earn, and fixed lines cannot read a text anyway.
 */
const TEXTABLE_TYPES = ['MOBILE', 'FIXED_LINE_OR_MOBILE']

export const assertDestinationAllowed = (e164: string) => {
  const parsed = parsePhoneNumber(e164)
  // The type first: a non-geographic number (a US 900 or 800 number) has no
  // country, and "not a mobile" is the true reason it is refused.
  if (parsed && !TEXTABLE_TYPES.includes(parsed.type ?? '')) {
    throw new TwoFactorError('PHONE_NUMBER_NOT_MOBILE')
  }
  if (
    !parsed?.country ||
    !config().sending.allowedCountries.includes(parsed.country)
  ) {
    throw new TwoFactorError('SMS_DESTINATION_NOT_ALLOWED')
  }
}

const smsText = (code: string, ttlSeconds: number) => {
  const minutes = Math.round(ttlSeconds / 60)
  const text = `${code} is your ${config().appName} code. It expires in ${minutes} minutes. Never share it.`
  const { webOtpDomain } = config().sending
  // The last line lets browsers with the WebOTP API offer the code.
  return webOtpDomain ? `${text}\n\n@${webOtpDomain} #${code}` : text
}

const refuse = (
  userId: number,
  outcome: TwoFactorErrorCode,
  ms: number
): never => {
  const retryAfterSeconds = Math.max(1, Math.ceil(ms / 1000))
  audit('otp.send_refused', {
    userId,
    outcome: 'refused',
    reason: outcome,
    retryAfterSeconds,
  })
  throw new TwoFactorError(outcome, { retryAfterSeconds })
}

/** For the audit trail: who delivered, and who failed before (failover). */
const deliveredBy = ({ provider, failed }: SmsDelivery) => ({
  provider,
  ...(failed.length > 0 && {
    failedProviders: failed.map((failure) => failure.provider),
  }),
})

/** A number on the account; `proven` once a code sent to it was verified. */
export type SmsDestination = {
  factorId: number
  phoneNumber: string
  proven: boolean
}

/** A client's enrolment texts are counted without keeping its address. */
const addressDigest = (key: Buffer, address = 'unknown') =>
  destinationDigest(key, `address:${address}`)

/** Logs once when the hourly budget reaches 80 % and once when it is spent. */
const watchBudget = (used: number) => {
  const { globalHourlyBudget } = config().sending
  if (
    used === Math.ceil(globalHourlyBudget * 0.8) ||
    used === globalHourlyBudget
  ) {
    logger.warn(
      { smsSentThisHour: used, smsHourlyBudget: globalHourlyBudget },
      'The hourly SMS budget is nearly spent (SMS_HOURLY_BUDGET)'
    )
  }
}

/**
 * Sends a new code to `to`, a number on the account. Limits are checked and
 * counted before anything is sent; if the provider fails, the code is
 * discarded (the send still counts). Returns the resend cooldown in seconds.
 */
export const sendSmsCode = async (
  userId: number,
  to: SmsDestination,
  now = Date.now()
): Promise<number> => {
  try {
    assertDestinationAllowed(to.phoneNumber)
  } catch (error) {
    audit('otp.send_refused', { userId, outcome: 'refused', reason: 'country' })
    throw error
  }
  const { otp, sending } = config()
  const code = generateOtpCode()
  const digest = otpDigest(otp.hmacKey, userId, code)

  const budgetKeys = {
    destinationSends: redisKeys.destinationSends(
      destinationDigest(otp.hmacKey, to.phoneNumber)
    ),
    budget: redisKeys.globalSmsBudget(),
    enrollmentBudget: redisKeys.enrollmentSmsBudget(),
    enrollmentFromAddress: redisKeys.enrollmentSendsFromAddress(
      addressDigest(otp.hmacKey, clientAddress())
    ),
  }
  const enrollment = to.proven ? 0 : 1
  // The account's limits (its slot) and the app-wide ones (the {sms} slot)
  // cannot share a script in a Redis Cluster; sent together they still cost
  // one round trip. The second runs even when the first refuses, so what it
  // counted is given back then.
  const [issued, reserved] = await runTogether(
    ISSUE_CODE.call(
      {
        otp: redisKeys.otp(userId),
        cooldown: redisKeys.resendCooldown(userId),
        hourlySends: redisKeys.hourlySends(userId),
        lock: redisKeys.lock(userId),
      },
      {
        digest,
        target: `${to.proven ? 'sms' : 'sms-new'}:${to.factorId}`,
        ttlMs: otp.ttlSeconds * 1000,
        cooldownMs: sending.cooldownSeconds * 1000,
        maxCooldownMs: sending.maxCooldownSeconds * 1000,
        maxSendsPerHour: sending.maxPerAccountPerHour,
        nowMs: now,
        hourMs: HOUR_MS,
      }
    ),
    RESERVE_SMS.call(budgetKeys, {
      enrollment,
      maxPerDestinationPerHour: sending.maxPerDestinationPerHour,
      hourlyBudget: sending.globalHourlyBudget,
      enrollmentBudget: Math.floor(
        (sending.globalHourlyBudget * sending.enrollmentBudgetPercent) / 100
      ),
      enrollmentMaxPerAddress: sending.enrollmentMaxPerAddressPerHour,
      hourMs: HOUR_MS,
    })
  )
  if (issued.outcome !== 'OK') {
    if (reserved.outcome === 'OK') {
      await REFUND_SMS.run(budgetKeys, { enrollment })
    }
    refuse(userId, issued.outcome, issued.ms)
  }

  const discard = () =>
    DISCARD_CODE.run({ otp: redisKeys.otp(userId) }, { digest })
  if (reserved.outcome !== 'OK') {
    await discard()
    refuse(userId, reserved.outcome, reserved.ms)
  }
  watchBudget(Number(reserved.extra))

  const phoneNumberHint = maskPhoneNumber(to.phoneNumber)
  // One send whichever provider delivers it: the limits above were counted
  // once, and a failover neither counts again nor gives anything back.
  let delivery: SmsDelivery
  try {
    delivery = await sendSms({
      to: to.phoneNumber,
      text: smsText(code, otp.ttlSeconds),
    })
  } catch (error) {
    await discard()
    const failed = error instanceof SmsDeliveryError ? error.failed : []
    const reason = error instanceof SmsDeliveryError ? error.reason : 'unknown'
    logger.error({ userId, reason }, 'SMS delivery failed')
    audit('otp.send_failed', {
      userId,
      outcome: 'failure',
      phoneNumberHint,
      failedProviders: failed.map(({ provider }) => provider),
    })
    throw new TwoFactorError('SMS_SEND_FAILED')
  }
  audit('otp.sent', {
    userId,
    outcome: 'success',
    phoneNumberHint,
    ...deliveredBy(delivery),
  })
  return Math.ceil(issued.ms / 1000)
}

/**
 * A text to the owner that is not a code: it uses the SMS budget but not the
 * number's code sends, and a notice that cannot go out is logged without
 * changing the answer to the request.
 */
export const sendNotice = async (
  userId: number,
  phoneNumber: string,
  kind: 'lock' | 'two_factor_off',
  text: string
) => {
  try {
    const budget = await RESERVE_BUDGET.run(
      { budget: redisKeys.globalSmsBudget() },
      { hourlyBudget: config().sending.globalHourlyBudget, hourMs: HOUR_MS }
    )
    if (budget.outcome !== 'OK') {
      audit('owner.notified', { userId, outcome: 'refused', reason: kind })
      return
    }
    const delivery = await sendSms({
      to: phoneNumber,
      text: `${config().appName}: ${text}`,
    })
    audit('owner.notified', {
      userId,
      outcome: 'success',
      reason: kind,
      ...deliveredBy(delivery),
    })
  } catch (error) {
    logger.error(
      { userId, reason: kind, err: { message: (error as Error).message } },
      'Could not send a notice to the owner'
    )
  }
}

/**
 * Tells the owner that someone is failing the second factor, at most once
 * per lock, with what to do if it was not them.
 */
export const sendLockNotice = async (
  userId: number,
  phoneNumber: string,
  lockSeconds: number,
  now = Date.now()
) => {
  const first = await RESERVE_NOTICE.run(
    { notice: redisKeys.lockNotice(userId) },
    { lockMs: lockSeconds * 1000, nowMs: now }
  ).catch(() => false)
  if (!first) return
  const minutes = Math.max(1, Math.round(lockSeconds / 60))
  await sendNotice(
    userId,
    phoneNumber,
    'lock',
    `someone entered wrong verification codes for your account many times, so sign-in codes are paused for ${minutes} minutes. If this was not you, reset your password now.`
  )
}

/** The live code dies (its number was replaced or removed). */
export const forgetSmsCode = (userId: number) =>
  withRedis(() => redis().del(redisKeys.otp(userId)))
