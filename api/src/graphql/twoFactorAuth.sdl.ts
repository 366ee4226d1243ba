export const schema = gql`
  type MutationResult {
    success: Boolean!
    message: String
    "requestOtp: seconds until another code may be requested"
    retryAfterSeconds: Int
    "Recovery codes, shown this once: when this call turned 2FA on"
    recoveryCodes: [String!]
    "After a recovery code: how many unused ones are left"
    recoveryCodesRemaining: Int
  }

  "How a session proves its second factor"
  enum SecondFactorMethod {
    SMS
    TOTP
    RECOVERY_CODE
  }

  type TwoFactorStatus {
    "The account has 2FA on"
    enabled: Boolean!
    "This session has completed the second factor (or the account does not need one)"
    verified: Boolean!
    "For example +1******1212; never the full number"
    phoneNumberHint: String
    "A new number waiting for its code; the verified number stays in use until then"
    pendingPhoneNumberHint: String
    "What this account can verify with now"
    methods: [SecondFactorMethod!]!
    "The method to offer first: the one used last"
    preferredMethod: SecondFactorMethod
    "Unused recovery codes"
    recoveryCodesRemaining: Int!
    "0 when requestOtp may be called now"
    resendAvailableInSeconds: Int!
    "A live code was sent and expires in this many seconds; null when none"
    codeExpiresInSeconds: Int
    "When the live code was sent; null when none"
    codeSentAt: DateTime
    "Sensitive changes are allowed until then without another second factor"
    freshUntil: DateTime
  }

  type TotpEnrollment {
    "otpauth://totp/<issuer>:<email>?secret=...&issuer=... (SHA-1, 6 digits, 30 s)"
    otpauthUri: String!
    "The same secret in base32, to type into an app by hand"
    secret: String!
    "The URI as an SVG QR code"
    qrCodeSvg: String!
    "The app must send its first code within this time"
    expiresInSeconds: Int!
  }

  type RecoveryCodes {
    "Shown once; each code works once"
    codes: [String!]!
  }

  type Query {
    twoFactorStatus: TwoFactorStatus! @requireSession
  }

  type Mutation {
    setPhoneNumber(phoneNumber: String!): MutationResult! @requireAuth
    cancelPhoneNumberChange: MutationResult! @requireAuth
    removePhoneNumber: MutationResult! @requireAuth
    requestOtp: MutationResult! @requireSession
    verifyOtp(otp: String!): MutationResult! @requireSession
    verifySecondFactor(
      method: SecondFactorMethod!
      code: String!
    ): MutationResult! @requireSession
    enableTwoFactorAuth: MutationResult! @requireAuth
    disableTwoFactorAuth: MutationResult! @requireAuth
    startTotpEnrollment: TotpEnrollment! @requireAuth
    confirmTotpEnrollment(code: String!): MutationResult! @requireAuth
    removeTotp: MutationResult! @requireAuth
    generateRecoveryCodes: RecoveryCodes! @requireAuth
  }
`
