import { useCallback, useState } from 'react'

import { useMutation } from '@redwoodjs/web'

import {
  SecondFactorMethod,
  VERIFY_SECOND_FACTOR_MUTATION,
  VerifySecondFactorData,
  VerifySecondFactorVariables,
} from './twoFactorGraphql'

/**
 * Checks a code from an authenticator app or a recovery code. Texted codes
 * go through useOtpChallenge, which also owns sending them.
 */
export const useCodeVerification = ({
  method,
  onVerified,
}: {
  method: Exclude<SecondFactorMethod, 'SMS'>
  onVerified: () => unknown
}) => {
  const [error, setError] = useState<unknown>(null)
  // Covers the gap between a successful verify and onVerified finishing, so
  // the form cannot be submitted again and burn a second recovery code.
  const [completing, setCompleting] = useState(false)
  const [verify, { loading }] = useMutation<
    VerifySecondFactorData,
    VerifySecondFactorVariables
  >(VERIFY_SECOND_FACTOR_MUTATION)

  const verifyCode = useCallback(
    async (code: string): Promise<boolean> => {
      setError(null)
      try {
        const { data } = await verify({ variables: { method, code } })
        if (!data?.verifySecondFactor?.success) {
          // Read like the matching refusal, so it gets the same wording.
          setError({
            extensions: {
              code:
                method === 'RECOVERY_CODE'
                  ? 'RECOVERY_CODE_INVALID'
                  : 'OTP_INVALID',
            },
          })
          return false
        }
        setCompleting(true)
        await onVerified()
        return true
      } catch (e) {
        setError(e)
        return false
      } finally {
        setCompleting(false)
      }
    },
    [verify, method, onVerified]
  )

  return { verifyCode, verifying: loading || completing, error }
}
