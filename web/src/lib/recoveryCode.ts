/**
 * Recovery codes are shown as `xxxxx-xxxxx`: ten letters and digits. People
 * type them back with or without the dash, in any case, sometimes with the
 * spaces a password manager or a printout adds. The server does the real
 * normalisation (it also reads i, l and o as 1, 1 and 0); here we only strip
 * what cannot matter and catch input that cannot be a code, so a slip of the
 * keyboard does not spend one of the few tries a session gets.
 */
const SEPARATORS = /[\s\u2010-\u2015\u2212-]/g

export const RECOVERY_CODE_LENGTH = 10

export const normaliseRecoveryCodeInput = (raw: string): string =>
  raw.replace(SEPARATORS, '').toLowerCase()

export const looksLikeRecoveryCode = (raw: string): boolean =>
  new RegExp(`^[0-9a-z]{${RECOVERY_CODE_LENGTH}}$`).test(
    normaliseRecoveryCodeInput(raw)
  )
