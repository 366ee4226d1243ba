import type { TotpEnrollment } from 'src/lib/twoFactorGraphql'

/** RFC 4648's "Hello!\xde\xad\xbe\xef" in base32, a key apps accept. */
export const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'

// A stand-in for the server's QR code: a real one is a few KB of <path>.
const QR_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 21 21" onload="window.__svgScriptRan = true"><rect width="21" height="21" fill="#fff"/><path d="M1 1h7v7H1zM13 1h7v7h-7zM1 13h7v7H1z"/></svg>'

export const enrollment = (secret = SECRET): TotpEnrollment => ({
  otpauthUri: `otpauth://totp/Redwood%202FA:ada%40example.com?secret=${secret}&issuer=Redwood%202FA`,
  secret,
  qrCodeSvg: QR_SVG,
  expiresInSeconds: 600,
})

export const startTotpEnrollmentResult = (secret = SECRET) => ({
  startTotpEnrollment: { __typename: 'TotpEnrollment', ...enrollment(secret) },
})
