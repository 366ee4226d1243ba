export const schema = gql`
  type MutationResult {
    success: Boolean!
    message: String
    "requestOtp: seconds until another code may be requested"
    retryAfterSeconds: Int
  }

  type TwoFactorStatus {
    "The account has 2FA on"
    enabled: Boolean!
    "This session has completed the second factor (or the account does not need one)"
    verified: Boolean!
    "For example +1******1212; never the full number"
    phoneNumberHint: String
    "0 when requestOtp may be called now"
    resendAvailableInSeconds: Int!
    "A live code was sent and expires in this many seconds; null when none"
    codeExpiresInSeconds: Int
    "Enable, disable and phone changes are allowed until then"
    freshUntil: DateTime
  }

  type Query {
    twoFactorStatus: TwoFactorStatus! @requireSession
  }

  type Mutation {
    setPhoneNumber(phoneNumber: String!): MutationResult! @requireAuth
    requestOtp: MutationResult! @requireSession
    verifyOtp(otp: String!): MutationResult! @requireSession
    enableTwoFactorAuth: MutationResult! @requireAuth
    disableTwoFactorAuth: MutationResult! @requireAuth
  }
`
