import { useCallback, useRef, useState } from 'react'

import { useMutation } from '@redwoodjs/web'

import { describeTwoFactorError } from './twoFactorErrors'
import {
  LiveCode,
  REQUEST_OTP_MUTATION,
  RequestOtpData,
  VERIFY_OTP_MUTATION,
  VerifyOtpData,
  VerifyOtpVariables,
} from './twoFactorGraphql'

// A `success: false` answer without a GraphQL error is treated like the
// matching refusal, so it gets the same wording as everywhere else.
const refusal = (code: string) => ({ extensions: { code } })

interface ResendCountdown {
  /** When requestOtp may be called again (epoch ms). */
  until: number
  key: number
}

/**
 * The send-code / verify-code pair shared by sign-in and the settings page:
 * it owns the resend countdown and the last error so both read the same.
 */
export const useOtpChallenge = ({
  onVerified,
}: {
  onVerified: () => unknown
}) => {
  const [countdown, setCountdown] = useState<ResendCountdown>({
    until: 0,
    key: 0,
  })
  const [error, setError] = useState<unknown>(null)
  const [codeSent, setCodeSent] = useState(false)
  // A send after an earlier one (or after adopting a live code) is a resend:
  // the person is told a new code went out and the old one stopped working.
  const [resent, setResent] = useState(false)
  const [adopted, setAdopted] = useState<LiveCode | null>(null)
  const hadCode = useRef(false)
  // Covers the gap between a successful verify and onVerified finishing
  // (re-reading the session), so the form cannot be submitted again.
  const [completing, setCompleting] = useState(false)

  const [requestOtp, { loading: sending }] =
    useMutation<RequestOtpData>(REQUEST_OTP_MUTATION)
  const [verifyOtp, { loading: verifying }] = useMutation<
    VerifyOtpData,
    VerifyOtpVariables
  >(VERIFY_OTP_MUTATION)

  const startCountdown = useCallback((seconds: number) => {
    setCountdown((previous) => ({
      until: Date.now() + seconds * 1000,
      key: previous.key + 1,
    }))
  }, [])

  /** Use the server's word on a code that is already on its way. */
  const adoptLiveCode = useCallback(
    (code: LiveCode) => {
      hadCode.current = true
      setAdopted(code)
      setCodeSent(true)
      startCountdown(code.resendAvailableInSeconds)
    },
    [startCountdown]
  )

  const sendCode = useCallback(async (): Promise<boolean> => {
    setError(null)
    try {
      const { data } = await requestOtp()
      if (!data?.requestOtp?.success) {
        setError(refusal('SMS_SEND_FAILED'))
        return false
      }
      setResent(hadCode.current)
      hadCode.current = true
      setAdopted(null)
      setCodeSent(true)
      startCountdown(data.requestOtp.retryAfterSeconds ?? 0)
      return true
    } catch (e) {
      setError(e)
      const wait = describeTwoFactorError(e).retryAfterSeconds
      if (wait) {
        startCountdown(wait)
      }
      return false
    }
  }, [requestOtp, startCountdown])

  const verifyCode = useCallback(
    async (otp: string): Promise<boolean> => {
      setError(null)
      try {
        const { data } = await verifyOtp({ variables: { otp } })
        if (!data?.verifyOtp?.success) {
          setError(refusal('OTP_INVALID'))
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
    [verifyOtp, onVerified]
  )

  return {
    sendCode,
    verifyCode,
    adoptLiveCode,
    sending,
    verifying: verifying || completing,
    error,
    codeSent,
    /** The last send replaced an earlier code. */
    resent,
    /** The code already on its way when the form appeared, until a new one is sent. */
    adopted,
    // From a deadline rather than the server's number, so a form shown again
    // after switching methods resumes the countdown instead of restarting it.
    resendAvailableInSeconds: Math.max(
      0,
      Math.ceil((countdown.until - Date.now()) / 1000)
    ),
    resendCountdownKey: countdown.key,
  }
}
