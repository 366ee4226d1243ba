import { maskPhoneNumber } from '../phone'

import { remainingRecoveryCodes } from './factors/recoveryCodes/recoveryCodes'
import { factorsOf } from './factorStore'
import { storeFactorSummary } from './factorSummaryCache'
import type { SecondFactorMethod } from './verifier'

/**
 * What `twoFactorStatus` shows about an account's factors, cached beside its
 * sessions in Redis so the status needs no database read. The database stays
 * the truth: every change to factors or recovery codes drops the copy after
 * its commit (factorSummaryCache.ts says how a stale copy cannot stay).
 */
export type FactorSummary = {
  enabled: boolean
  /** SMS and TOTP; recovery codes are counted apart. */
  methods: SecondFactorMethod[]
  phoneNumberHint: string | null
  pendingPhoneNumberHint: string | null
  recoveryCodesRemaining: number
}

export const summariseFactors = async (
  userId: number
): Promise<FactorSummary> => {
  const [factors, recoveryCodes] = await Promise.all([
    factorsOf(userId),
    remainingRecoveryCodes(userId),
  ])
  const methods: SecondFactorMethod[] = []
  if (factors.sms) methods.push('SMS')
  if (factors.totp) methods.push('TOTP')
  return {
    enabled: factors.enabled,
    methods,
    phoneNumberHint: maskPhoneNumber(
      factors.sms?.phoneNumber ?? factors.pendingSms?.phoneNumber
    ),
    pendingPhoneNumberHint: maskPhoneNumber(factors.pendingSms?.phoneNumber),
    recoveryCodesRemaining: factors.enabled ? recoveryCodes : 0,
  }
}

/** Builds the summary from the database and keeps it if nothing changed meanwhile. */
export const freshFactorSummary = async (userId: number, version: string) => {
  const summary = await summariseFactors(userId)
  await storeFactorSummary(userId, summary, version)
  return summary
}
