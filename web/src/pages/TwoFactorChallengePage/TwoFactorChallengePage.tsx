import { useCallback, useEffect, useRef } from 'react'

import { navigate, routes } from '@redwoodjs/router'
import { Metadata, useQuery } from '@redwoodjs/web'

import OtpInputForm from 'src/components/OtpInputForm/OtpInputForm'
import { redirectTargetOr } from 'src/lib/redirectTo'
import { useSession } from 'src/lib/session'
import { describeTwoFactorError, hasErrorCode } from 'src/lib/twoFactorErrors'
import {
  hasRecentLiveCode,
  TWO_FACTOR_STATUS_QUERY,
  TwoFactorStatusData,
} from 'src/lib/twoFactorGraphql'
import { useOtpChallenge } from 'src/lib/useOtpChallenge'

interface TwoFactorChallengePageProps {
  redirectTo?: string
}

const SignOutLink = () => {
  const { logOut } = useSession()
  const signOut = async () => {
    await logOut()
    navigate(routes.login())
  }
  return (
    <button type="button" className="app-link-button" onClick={signOut}>
      Sign out
    </button>
  )
}

const TwoFactorChallengePage = ({
  redirectTo,
}: TwoFactorChallengePageProps) => {
  const { isFullySignedIn, reauthenticate } = useSession()
  const target = redirectTargetOr(redirectTo, routes.dashboard())
  const leaving = useRef(false)

  const goOn = useCallback(() => {
    if (!leaving.current) {
      leaving.current = true
      navigate(target, { replace: true })
    }
  }, [target])

  // Someone who already finished (another tab, a bookmark) has nothing to do here.
  useEffect(() => {
    if (isFullySignedIn) {
      goOn()
    }
  }, [isFullySignedIn, goOn])

  const { data, loading, error, refetch } = useQuery<TwoFactorStatusData>(
    TWO_FACTOR_STATUS_QUERY,
    { fetchPolicy: 'network-only' }
  )

  const challenge = useOtpChallenge({
    onVerified: async () => {
      // The server re-issues the session cookie on success; re-reading the
      // user drops secondFactorPending before the private route checks it.
      await reauthenticate()
      goOn()
    },
  })
  const { sendCode, adoptLiveCode } = challenge

  const startedFor = useRef<TwoFactorStatusData | null>(null)
  useEffect(() => {
    const status = data?.twoFactorStatus
    if (!status || startedFor.current) {
      return
    }
    startedFor.current = data
    if (hasRecentLiveCode(status)) {
      adoptLiveCode(status.resendAvailableInSeconds)
    } else {
      sendCode()
    }
  }, [data, sendCode, adoptLiveCode])

  useEffect(() => {
    if (hasErrorCode(error, 'UNAUTHENTICATED')) {
      navigate(routes.login())
    }
  }, [error])

  const hint = data?.twoFactorStatus.phoneNumberHint

  return (
    <>
      <Metadata title="Enter your code" />

      <section className="app-card" aria-labelledby="challenge-title">
        <h1 id="challenge-title">Enter your code</h1>

        {loading && <p role="status">Loading…</p>}

        {error && (
          <>
            <p role="alert" className="app-error">
              {describeTwoFactorError(error).message}
            </p>
            <button
              type="button"
              className="rw-button"
              onClick={() => refetch()}
            >
              Try again
            </button>
          </>
        )}

        {data && (
          <>
            <p role="status" aria-live="polite">
              {challenge.sending
                ? 'Sending a code…'
                : challenge.codeSent
                  ? `We texted a 6-digit code to ${hint ?? 'your phone'}.`
                  : null}
            </p>
            <OtpInputForm
              label="Verification code"
              onSubmit={challenge.verifyCode}
              onResend={challenge.sendCode}
              resendAvailableInSeconds={challenge.resendAvailableInSeconds}
              resendCountdownKey={challenge.resendCountdownKey}
              verifying={challenge.verifying}
              resending={challenge.sending}
              error={challenge.error}
            />
          </>
        )}

        <p className="app-hint">
          Not you, or no access to this phone? <SignOutLink />
        </p>
      </section>
    </>
  )
}

export default TwoFactorChallengePage
