/**
 * Every Redis key the app uses. Per-user keys share the hash tag `{u:<id>}`
 * so each multi-key script touches a single Redis Cluster slot; the
 * app-wide SMS counters share `{sms}` for the same reason.
 */
const user = (userId: number) => `2fa:{u:${userId}}`

export const redisKeys = {
  session: (userId: number, sid: string) => `${user(userId)}:session:${sid}`,
  sessionIndex: (userId: number) => `${user(userId)}:sessions`,
  otp: (userId: number) => `${user(userId)}:otp`,
  resendCooldown: (userId: number) => `${user(userId)}:cooldown`,
  hourlySends: (userId: number) => `${user(userId)}:sends`,
  failures: (userId: number) => `${user(userId)}:failures`,
  lock: (userId: number) => `${user(userId)}:lock`,
  /** Failures since the last success, across lockout windows. */
  consecutiveFailures: (userId: number) => `${user(userId)}:consecutive`,
  /** Keyed by an HMAC of the number so no phone number appears in Redis. */
  destinationSends: (numberDigest: string) => `2fa:{sms}:dest:${numberDigest}`,
  globalSmsBudget: () => `2fa:{sms}:budget`,
}
