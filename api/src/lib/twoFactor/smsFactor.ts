import { audit } from '../audit'
import { config } from '../config'
import type { TwoFactorErrorCode } from '../errors'
import { TwoFactorError } from '../errors'
import { logger } from '../logger'
import { maskPhoneNumber, parsePhoneNumber } from '../phone'
import { redisKeys } from '../redis/keys'
import { sendSms, SmsDeliveryError } from '../sms'

import {
  destinationDigest,
  generateOtpCode,
  isWellFormedOtp,
  otpDigest,
} from './otpCode'
import { DISCARD_CODE, ISSUE_CODE, RESERVE_SMS } from './scripts'
import type { SecondFactor } from './verifier'

const HOUR_MS = 60 * 60 * 1000

export const smsFactor: SecondFactor = {
  name: 'sms',
  challengeKey: redisKeys.otp,
  digest: (userId, submission) =>
    isWellFormedOtp(submission)
      ? otpDigest(config().otp.hmacKey, userId, submission)
      : '',
}

/** Refuses numbers outside SMS_ALLOWED_COUNTRIES (SMS pumping, toll fraud). */
export const assertDestinationAllowed = (e164: string) => {
  const country = parsePhoneNumber(e164)?.country
  if (!country || !config().sending.allowedCountries.includes(country)) {
    throw new TwoFactorError('SMS_DESTINATION_NOT_ALLOWED')
  }
}

const smsText = (code: string, ttlSeconds: number) => {
  const minutes = Math.round(ttlSeconds / 60)
  const text = `Your verification code is ${code}. It expires in ${minutes} minutes. Never share it.`
  const { webOtpDomain } = config().sending
  // The last line lets browsers with the WebOTP API offer the code.
  return webOtpDomain ? `${text}\n\n@${webOtpDomain} #${code}` : text
}

type Refusal = { outcome: TwoFactorErrorCode | 'OK'; ms: number }

const refuse = (
  userId: number,
  { outcome: code, ms: retryAfterMs }: Refusal
) => {
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000))
  audit('otp.send_refused', {
    userId,
    outcome: 'refused',
    reason: code,
    retryAfterSeconds,
  })
  throw new TwoFactorError(code as TwoFactorErrorCode, { retryAfterSeconds })
}

/**
 * Sends a new code to the account's stored number. Limits are checked and
 * counted before anything is sent; if the provider fails, the code is
 * discarded (the send still counts). Returns the resend cooldown in seconds.
 */
export const sendSmsCode = async (
  user: { id: number; phoneNumber: string | null },
  now = Date.now()
): Promise<number> => {
  if (!user.phoneNumber) {
    throw new TwoFactorError('PHONE_NUMBER_REQUIRED')
  }
  try {
    assertDestinationAllowed(user.phoneNumber)
  } catch (error) {
    audit('otp.send_refused', {
      userId: user.id,
      outcome: 'refused',
      reason: 'country',
    })
    throw error
  }
  const { otp, sending } = config()
  const code = generateOtpCode()
  const digest = otpDigest(otp.hmacKey, user.id, code)

  const issued = await ISSUE_CODE.run(
    {
      otp: redisKeys.otp(user.id),
      cooldown: redisKeys.resendCooldown(user.id),
      hourlySends: redisKeys.hourlySends(user.id),
    },
    {
      digest,
      ttlMs: otp.ttlSeconds * 1000,
      cooldownMs: sending.cooldownSeconds * 1000,
      maxSendsPerHour: sending.maxPerAccountPerHour,
      nowMs: now,
      hourMs: HOUR_MS,
    }
  )
  if (issued.outcome !== 'OK') {
    refuse(user.id, issued)
  }

  const discard = () =>
    DISCARD_CODE.run({ otp: redisKeys.otp(user.id) }, { digest })
  const reserved = await RESERVE_SMS.run(
    {
      destinationSends: redisKeys.destinationSends(
        destinationDigest(otp.hmacKey, user.phoneNumber)
      ),
      budget: redisKeys.globalSmsBudget(),
    },
    {
      maxPerDestinationPerHour: sending.maxPerDestinationPerHour,
      hourlyBudget: sending.globalHourlyBudget,
      hourMs: HOUR_MS,
    }
  )
  if (reserved.outcome !== 'OK') {
    await discard()
    refuse(user.id, reserved)
  }

  const phoneNumberHint = maskPhoneNumber(user.phoneNumber)
  try {
    await sendSms({ to: user.phoneNumber, text: smsText(code, otp.ttlSeconds) })
  } catch (error) {
    await discard()
    const reason = error instanceof SmsDeliveryError ? error.reason : 'unknown'
    logger.error({ userId: user.id, reason }, 'SMS delivery failed')
    audit('otp.send_failed', {
      userId: user.id,
      outcome: 'failure',
      phoneNumberHint,
    })
    throw new TwoFactorError('SMS_SEND_FAILED')
  }
  audit('otp.sent', { userId: user.id, outcome: 'success', phoneNumberHint })
  return sending.cooldownSeconds
}
