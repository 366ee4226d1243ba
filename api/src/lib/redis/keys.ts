/**
 * Every Redis key the app uses. Per-user keys share the hash tag `{u:<id>}`
 * so each multi-key script touches a single Redis Cluster slot; the
 * app-wide SMS counters share `{sms}`, the sign-in throttle `{login}`, for
 * the same reason.
 */
const user = (userId: number) => `2fa:{u:${userId}}`

export const redisKeys = {
  /** One server-side session (lib/sessions owns its fields). */
  session: (userId: number, sid: string) => `${user(userId)}:session:${sid}`,
  /** Per-account session state: the epoch that revokes older sessions. */
  account: (userId: number) => `${user(userId)}:account`,
  /** Marks a logged-out sign-in: every session descended from it is over. */
  endedFamily: (userId: number, family: string) =>
    `${user(userId)}:ended:${family}`,

  /** The verifier's attempt counters and lock, shared by every factor. */
  failures: (userId: number) => `${user(userId)}:failures`,
  lock: (userId: number) => `${user(userId)}:lock`,
  /** Failures since the last success, across lockout windows. */
  consecutiveFailures: (userId: number) => `${user(userId)}:consecutive`,

  /** The SMS factor: the live code and its send limits. */
  otp: (userId: number) => `${user(userId)}:otp`,
  resendCooldown: (userId: number) => `${user(userId)}:cooldown`,
  hourlySends: (userId: number) => `${user(userId)}:sends`,
  /** Keyed by an HMAC of the number so no phone number appears in Redis. */
  destinationSends: (numberDigest: string) => `2fa:{sms}:dest:${numberDigest}`,
  globalSmsBudget: () => `2fa:{sms}:budget`,
  /** Texts to numbers not yet proven, within the budget. */
  enrollmentSmsBudget: () => `2fa:{sms}:budget:enrollment`,
  /** Keyed by an HMAC of the client address. */
  enrollmentSendsFromAddress: (addressDigest: string) =>
    `2fa:{sms}:enrollment:addr:${addressDigest}`,
  /** Marks a lock the owner has been told about. */
  lockNotice: (userId: number) => `${user(userId)}:lock-notice`,

  /**
   * Failed sign-ins, per account (keyed by an HMAC of the email, so no email
   * is in Redis) and per client address, each a count and a lock; they share
   * the `{login}` slot so one script checks and counts both.
   */
  loginAccountFailures: (emailDigest: string) =>
    `2fa:{login}:account:${emailDigest}:failures`,
  loginAccountLock: (emailDigest: string) =>
    `2fa:{login}:account:${emailDigest}:lock`,
  loginAddressFailures: (address: string) =>
    `2fa:{login}:address:${address}:failures`,
  loginAddressLock: (address: string) => `2fa:{login}:address:${address}:lock`,

  /** The TOTP factor: a sealed secret waiting for its first code. */
  totpEnrollment: (userId: number) => `${user(userId)}:totp-enrollment`,
}
