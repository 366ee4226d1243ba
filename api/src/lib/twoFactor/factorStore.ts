import type { Prisma, SecondFactor } from '@prisma/client'

import { db } from '../db'

import { factorsMayHaveChanged } from './factorSummaryCache'

/**
 * The account's second factors in the database. Two-factor authentication is
 * on exactly while the account has a verified factor, so every change here
 * that can remove the last one also removes the recovery codes in the same
 * transaction: there is no flag to fall out of step. Each change also drops
 * the cached summary the status reads (factorSummaryCache.ts), after its commit.
 */

/** Runs a change, then drops the account's cached summary of its factors. */
const changing = async <T>(userId: number, change: Promise<T>): Promise<T> => {
  const result = await change
  await factorsMayHaveChanged(userId)
  return result
}

export type FactorKind = 'SMS' | 'TOTP'

export type AccountFactors = {
  /** The verified number codes go to at sign-in. */
  sms: SecondFactor | null
  /** A new number waiting for its code; the verified one stays in use until then. */
  pendingSms: SecondFactor | null
  totp: SecondFactor | null
  enabled: boolean
}

export const factorsOf = async (userId: number): Promise<AccountFactors> => {
  const rows = await db.secondFactor.findMany({
    where: { userId },
    orderBy: { id: 'asc' },
  })
  const verified = rows.filter((row) => row.verifiedAt)
  return {
    sms: verified.find((row) => row.kind === 'SMS') ?? null,
    pendingSms:
      rows.find((row) => row.kind === 'SMS' && !row.verifiedAt) ?? null,
    totp: verified.find((row) => row.kind === 'TOTP') ?? null,
    enabled: verified.length > 0,
  }
}

/** Whether sign-in needs a second factor (the login step asks this). */
export const hasVerifiedFactor = async (userId: number) =>
  (await db.secondFactor.count({
    where: { userId, verifiedAt: { not: null } },
  })) > 0

type Tx = Prisma.TransactionClient

/**
 * Makes changes to one account's factors wait for each other. SQLite runs one
 * write transaction at a time, but PostgreSQL runs them side by side (READ
 * COMMITTED): two "delete the old row, insert the new one" changes would each
 * see no new row yet and leave two pending numbers, two apps or two sets of
 * recovery codes. Writing the account's own row first takes its row lock until
 * commit, so the second change starts once the first is done. First in every
 * transaction that changes factors or recovery codes.
 */
export const lockAccount = (client: Pick<Tx, 'user'>, userId: number) =>
  client.user.updateMany({
    where: { id: userId },
    data: { updatedAt: new Date() },
  })

const forgetRecoveryCodesIfLastFactorGone = async (tx: Tx, userId: number) => {
  const left = await tx.secondFactor.count({
    where: { userId, verifiedAt: { not: null } },
  })
  if (left === 0) {
    await tx.recoveryCode.deleteMany({ where: { userId } })
  }
}

/** Replaces any pending number with `phoneNumber`; returns the new row. */
export const savePendingNumber = (userId: number, phoneNumber: string) =>
  changing(
    userId,
    db.$transaction(async (tx) => {
      await lockAccount(tx, userId)
      await tx.secondFactor.deleteMany({
        where: { userId, kind: 'SMS', verifiedAt: null },
      })
      return tx.secondFactor.create({
        data: { userId, kind: 'SMS', phoneNumber },
      })
    })
  )

/** Drops a pending number; the verified one (if any) is untouched. */
export const removePendingNumber = (userId: number) =>
  changing(
    userId,
    db.secondFactor.deleteMany({
      where: { userId, kind: 'SMS', verifiedAt: null },
    })
  )

/**
 * A pending number that received its code becomes the account's number,
 * replacing the old one in the same step. False if `factorId` is no longer
 * this account's pending number (it was replaced or cancelled meanwhile).
 */
export const promotePendingNumber = (
  userId: number,
  factorId: number,
  now = new Date()
) =>
  changing(
    userId,
    db.$transaction(async (tx) => {
      await lockAccount(tx, userId)
      const promoted = await tx.secondFactor.updateMany({
        where: { id: factorId, userId, kind: 'SMS', verifiedAt: null },
        data: { verifiedAt: now, lastUsedAt: now },
      })
      if (promoted.count !== 1) {
        return false
      }
      await tx.secondFactor.deleteMany({
        where: { userId, kind: 'SMS', id: { not: factorId } },
      })
      return true
    })
  )

export const removeFactors = (userId: number, kind: FactorKind) =>
  changing(
    userId,
    db.$transaction(async (tx) => {
      await lockAccount(tx, userId)
      await tx.secondFactor.deleteMany({ where: { userId, kind } })
      await forgetRecoveryCodesIfLastFactorGone(tx, userId)
    })
  )

/** Turning two-factor authentication off: every factor and recovery code goes. */
export const removeAllFactors = (userId: number) =>
  changing(
    userId,
    db.$transaction(async (tx) => {
      await lockAccount(tx, userId)
      await tx.secondFactor.deleteMany({ where: { userId } })
      await tx.recoveryCode.deleteMany({ where: { userId } })
    })
  )

/** A confirmed authenticator app replaces any earlier one. */
export const saveTotp = (
  userId: number,
  sealed: { secret: string; secretKeyId: string },
  acceptedStep: number,
  now = new Date()
) =>
  changing(
    userId,
    db.$transaction(async (tx) => {
      await lockAccount(tx, userId)
      await tx.secondFactor.deleteMany({ where: { userId, kind: 'TOTP' } })
      return tx.secondFactor.create({
        data: {
          userId,
          kind: 'TOTP',
          ...sealed,
          verifiedAt: now,
          lastUsedAt: now,
          lastUsedStep: acceptedStep,
        },
      })
    })
  )

/**
 * Accepts TOTP time step `step` at most once, and never one at or before the
 * last accepted step (RFC 6238 section 5.2). One conditional UPDATE, so
 * parallel submissions of the same code cannot both succeed.
 */
export const consumeTotpStep = async (
  factorId: number,
  step: number,
  now = new Date()
) => {
  const { count } = await db.secondFactor.updateMany({
    where: {
      id: factorId,
      OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }],
    },
    data: { lastUsedStep: step, lastUsedAt: now },
  })
  return count === 1
}

/** Re-seals a secret under the current key (lazy key rotation). */
export const resealTotp = (
  factorId: number,
  sealed: { secret: string; secretKeyId: string }
) => db.secondFactor.update({ where: { id: factorId }, data: sealed })

export const markFactorUsed = (factorId: number, now = new Date()) =>
  db.secondFactor.update({
    where: { id: factorId },
    data: { lastUsedAt: now },
  })
