/**
 * GraphQL documents for the two-factor contract, with hand-written result
 * types that follow the contract, so the web side does not depend on the
 * generated types being in step with the API's SDL.
 */

export type SecondFactorMethod = 'SMS' | 'TOTP' | 'RECOVERY_CODE'

export interface TwoFactorStatus {
  enabled: boolean
  verified: boolean
  /** The verified number, else the one waiting for its code. */
  phoneNumberHint: string | null
  /** A new number waiting for its code. */
  pendingPhoneNumberHint: string | null
  /** What the account can verify with now. */
  methods: SecondFactorMethod[]
  /** The method used last; never RECOVERY_CODE. */
  preferredMethod: SecondFactorMethod | null
  recoveryCodesRemaining: number
  resendAvailableInSeconds: number
  codeExpiresInSeconds: number | null
  /** When the live code was sent (ISO 8601); null when there is none. */
  codeSentAt?: string | null
  freshUntil: string | null
}

export interface MutationResult {
  success: boolean
  message: string | null
  retryAfterSeconds?: number | null
  /** The first recovery codes, when the call turned two-factor on. */
  recoveryCodes?: string[] | null
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

export interface VerifySecondFactorData {
  verifySecondFactor: MutationResult
}

export interface VerifySecondFactorVariables {
  method: SecondFactorMethod
  code: string
}

export interface TotpEnrollment {
  otpauthUri: string
  secret: string
  qrCodeSvg: string
  expiresInSeconds?: number
}

export interface StartTotpEnrollmentData {
  startTotpEnrollment: TotpEnrollment
}

export interface ConfirmTotpEnrollmentData {
  confirmTotpEnrollment: MutationResult
}

export interface ConfirmTotpEnrollmentVariables {
  code: string
}

export interface RemoveTotpData {
  removeTotp: MutationResult
}

export interface GenerateRecoveryCodesData {
  generateRecoveryCodes: { codes: string[] }
}

export interface CancelPhoneNumberChangeData {
  cancelPhoneNumberChange: MutationResult
}

export interface RemovePhoneNumberData {
  removePhoneNumber: MutationResult
}

export const TWO_FACTOR_STATUS_FIELDS = gql`
  fragment TwoFactorStatusFields on TwoFactorStatus {
    enabled
    verified
    phoneNumberHint
    pendingPhoneNumberHint
    methods
    preferredMethod
    recoveryCodesRemaining
    resendAvailableInSeconds
    codeExpiresInSeconds
    codeSentAt
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
      recoveryCodes
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

export const VERIFY_SECOND_FACTOR_MUTATION = gql`
  mutation VerifySecondFactorMutation(
    $method: SecondFactorMethod!
    $code: String!
  ) {
    verifySecondFactor(method: $method, code: $code) {
      success
      message
    }
  }
`

export const START_TOTP_ENROLLMENT_MUTATION = gql`
  mutation StartTotpEnrollmentMutation {
    startTotpEnrollment {
      otpauthUri
      secret
      qrCodeSvg
      expiresInSeconds
    }
  }
`

export const CONFIRM_TOTP_ENROLLMENT_MUTATION = gql`
  mutation ConfirmTotpEnrollmentMutation($code: String!) {
    confirmTotpEnrollment(code: $code) {
      success
      message
      recoveryCodes
    }
  }
`

export const REMOVE_TOTP_MUTATION = gql`
  mutation RemoveTotpMutation {
    removeTotp {
      success
      message
    }
  }
`

export const GENERATE_RECOVERY_CODES_MUTATION = gql`
  mutation GenerateRecoveryCodesMutation {
    generateRecoveryCodes {
      codes
    }
  }
`

export const CANCEL_PHONE_NUMBER_CHANGE_MUTATION = gql`
  mutation CancelPhoneNumberChangeMutation {
    cancelPhoneNumberChange {
      success
      message
    }
  }
`

export const REMOVE_PHONE_NUMBER_MUTATION = gql`
  mutation RemovePhoneNumberMutation {
    removePhoneNumber {
      success
      message
    }
  }
`

/** A code that was texted and still works, and when it stops working. */
export interface LiveCode {
  /** Epoch ms; null when the server did not say. */
  sentAt: number | null
  expiresAt: number
  /** Seconds until another text may be requested (0: now). */
  resendAvailableInSeconds: number
}

/**
 * The code already on its way, if any: arriving on the page again (a
 * reload, the back button) must not text another one, which would also
 * kill the one the person is about to type.
 */
export const liveCode = (
  status: TwoFactorStatus,
  now = Date.now()
): LiveCode | null =>
  status.codeExpiresInSeconds !== null && status.codeExpiresInSeconds > 0
    ? {
        sentAt: status.codeSentAt
          ? new Date(status.codeSentAt).getTime()
          : null,
        expiresAt: now + status.codeExpiresInSeconds * 1000,
        resendAvailableInSeconds: status.resendAvailableInSeconds,
      }
    : null

/** True while factor changes are allowed without verifying again. */
export const isFresh = (status: TwoFactorStatus, now = Date.now()): boolean =>
  !!status.freshUntil && new Date(status.freshUntil).getTime() > now
