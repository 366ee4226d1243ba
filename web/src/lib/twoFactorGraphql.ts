/**
 * GraphQL documents for the two-factor contract, with hand-written result
 * types that follow the contract, so the web side does not depend on the
 * generated types being in step with the API's SDL.
 */

export interface TwoFactorStatus {
  enabled: boolean
  verified: boolean
  phoneNumberHint: string | null
  resendAvailableInSeconds: number
  codeExpiresInSeconds: number | null
  freshUntil: string | null
}

export interface MutationResult {
  success: boolean
  message: string | null
  retryAfterSeconds?: number | null
}

export interface TwoFactorStatusData {
  twoFactorStatus: TwoFactorStatus
}

export interface RequestOtpData {
  requestOtp: MutationResult
}

export interface VerifyOtpData {
  verifyOtp: MutationResult
}

export interface VerifyOtpVariables {
  otp: string
}

export interface SetPhoneNumberData {
  setPhoneNumber: MutationResult
}

export interface SetPhoneNumberVariables {
  phoneNumber: string
}

export interface EnableTwoFactorData {
  enableTwoFactorAuth: MutationResult
}

export interface DisableTwoFactorData {
  disableTwoFactorAuth: MutationResult
}

export const TWO_FACTOR_STATUS_FIELDS = gql`
  fragment TwoFactorStatusFields on TwoFactorStatus {
    enabled
    verified
    phoneNumberHint
    resendAvailableInSeconds
    codeExpiresInSeconds
    freshUntil
  }
`

export const TWO_FACTOR_STATUS_QUERY = gql`
  query TwoFactorChallengeStatusQuery {
    twoFactorStatus {
      ...TwoFactorStatusFields
    }
  }
  ${TWO_FACTOR_STATUS_FIELDS}
`

export const REQUEST_OTP_MUTATION = gql`
  mutation RequestOtpMutation {
    requestOtp {
      success
      message
      retryAfterSeconds
    }
  }
`

export const VERIFY_OTP_MUTATION = gql`
  mutation VerifyOtpMutation($otp: String!) {
    verifyOtp(otp: $otp) {
      success
      message
    }
  }
`

export const SET_PHONE_NUMBER_MUTATION = gql`
  mutation SetPhoneNumberMutation($phoneNumber: String!) {
    setPhoneNumber(phoneNumber: $phoneNumber) {
      success
      message
    }
  }
`

export const ENABLE_TWO_FACTOR_MUTATION = gql`
  mutation EnableTwoFactorAuthMutation {
    enableTwoFactorAuth {
      success
      message
    }
  }
`

export const DISABLE_TWO_FACTOR_MUTATION = gql`
  mutation DisableTwoFactorAuthMutation {
    disableTwoFactorAuth {
      success
      message
    }
  }
`

/**
 * A code sent moments ago is still usable, so arriving on the page again
 * (a reload, the back button) must not burn another SMS or hit the cooldown.
 */
export const hasRecentLiveCode = (status: TwoFactorStatus): boolean =>
  status.codeExpiresInSeconds !== null &&
  status.codeExpiresInSeconds > 0 &&
  status.resendAvailableInSeconds > 0

/** True while enable, disable and number changes are allowed without a new code. */
export const isFresh = (status: TwoFactorStatus, now = Date.now()): boolean =>
  !!status.freshUntil && new Date(status.freshUntil).getTime() > now
