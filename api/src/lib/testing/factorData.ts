/**
 * Scenario data for accounts' second factors, so a scenario says what an
 * account has ("a verified number", "a number waiting for its code") rather
 * than how the rows are laid out.
 */

/** 2FA on with this number. */
export const verifiedNumber = (phoneNumber: string) => ({
  secondFactors: {
    create: { kind: 'SMS', phoneNumber, verifiedAt: new Date() },
  },
})

/** A number saved but not yet proven: 2FA is still off. */
export const pendingNumber = (phoneNumber: string) => ({
  secondFactors: { create: { kind: 'SMS', phoneNumber } },
})
