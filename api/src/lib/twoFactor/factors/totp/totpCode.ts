import { generateSecret, generateSync, generateURI, verifySync } from 'otplib'

/**
 * RFC 6238 through otplib with the parameters every authenticator app
 * supports: HMAC-SHA-1, 6 digits, 30-second steps. The clock is a parameter
 * (seconds since the epoch) so tests move time instead of waiting.
 */
export const TOTP_PERIOD_SECONDS = 30

/** One step either side: a phone clock a little off, or a code typed as it rolls over. */
const DRIFT_SECONDS = TOTP_PERIOD_SECONDS

/** 20 random bytes (160 bits, RFC 4226's recommendation), base32. */
export const newTotpSecret = () => generateSecret({ length: 20 })

export const totpUri = ({
  issuer,
  accountName,
  secret,
}: {
  issuer: string
  accountName: string
  secret: string
}) => generateURI({ issuer, label: accountName, secret })

const TOTP_FORMAT = /^[0-9]{6}$/

/** What people type: spaces and dashes (as some apps show codes) are dropped. */
export const normaliseTotpInput = (input: string) =>
  typeof input === 'string' && input.length <= 32
    ? input.replace(/[\s-]/g, '')
    : ''

/**
 * The time step `code` belongs to, within one step of `atSeconds`, or null.
 * The caller must still refuse a step at or before the last one accepted.
 */
export const matchTotpStep = (
  secret: string,
  code: string,
  atSeconds: number
): number | null => {
  if (!TOTP_FORMAT.test(code)) {
    return null
  }
  const result = verifySync({
    secret,
    token: code,
    epoch: atSeconds,
    epochTolerance: DRIFT_SECONDS,
  })
  return result.valid && 'timeStep' in result ? result.timeStep : null
}

/** The code an app shows at `atSeconds` (for tests and the browser test's "phone"). */
export const totpCodeAt = (secret: string, atSeconds: number, digits = 6) =>
  generateSync({ secret, epoch: atSeconds, digits })
