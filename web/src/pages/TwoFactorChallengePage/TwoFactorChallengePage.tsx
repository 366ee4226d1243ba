import { useCallback, useEffect, useRef, useState } from 'react'

import { navigate, routes } from '@redwoodjs/router'
import { Metadata, useQuery } from '@redwoodjs/web'

import DevSmsInboxLink from 'src/components/DevSmsInboxLink/DevSmsInboxLink'
import SecondFactorPrompt from 'src/components/SecondFactorPrompt/SecondFactorPrompt'
import Alert from 'src/components/ui/Alert'
import Button from 'src/components/ui/Button'
import Card from 'src/components/ui/Card'
import { redirectTargetOr } from 'src/lib/redirectTo'
import { useSession } from 'src/lib/session'
import { toastOnNextPage } from 'src/lib/toasts'
import { describeTwoFactorError, hasErrorCode } from 'src/lib/twoFactorErrors'
import {
  liveCode,
  SecondFactorMethod,
  TWO_FACTOR_STATUS_QUERY,
  TwoFactorStatusData,
} from 'src/lib/twoFactorGraphql'

interface TwoFactorChallengePageProps {
  redirectTo?: string
}

const SignOutLink = () => {
  const { logOut } = useSession()
  const [busy, setBusy] = useState(false)
  const signOut = async () => {
    setBusy(true)
    try {
      await logOut()
      navigate(routes.login())
    } finally {
      setBusy(false)
    }
  }
  return (
    <Button variant="link" onClick={signOut} busy={busy}>
      Sign out
    </Button>
  )
}

export const recoveryCodesLeftMessage = (left: number | undefined) => {
  if (left === undefined) {
    return 'Signed in with a recovery code. It cannot be used again.'
  }
  const count = `${left} recovery code${left === 1 ? '' : 's'} left`
  return left > 3
    ? `Signed in with a recovery code. You have ${count}.`
    : `Signed in with a recovery code. You have ${count}: generate new ones in Security settings.`
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

  const finish = async (method: SecondFactorMethod) => {
    if (method === 'RECOVERY_CODE') {
      // Asked before the session is re-read, which leaves this page.
      const left = await refetch()
        .then((result) => result.data?.twoFactorStatus.recoveryCodesRemaining)
        .catch(() => undefined)
      // For the page this one leaves for (the route change must not dismiss
      // it), and longer than usual: the count is worth reading.
      toastOnNextPage('success', recoveryCodesLeftMessage(left), {
        duration: 8000,
      })
    }
    // The server re-issues the session cookie on success; re-reading the
    // user drops secondFactorPending before the private route checks it.
    await reauthenticate()
    goOn()
  }

  useEffect(() => {
    if (hasErrorCode(error, 'UNAUTHENTICATED')) {
      navigate(routes.login())
    }
  }, [error])

  const status = data?.twoFactorStatus

  return (
    <>
      <Metadata title="Enter your code" />

      <Card
        title="Enter your code"
        titleAs="h1"
        description="Your account is protected by two-factor authentication."
        className="mx-auto w-full max-w-md"
      >
        {loading && (
          <p role="status" className="text-slate-700">
            Loading…
          </p>
        )}

        {error && (
          <div className="space-y-3">
            <Alert tone="error">{describeTwoFactorError(error).message}</Alert>
            <Button onClick={() => refetch()}>Try again</Button>
          </div>
        )}

        {status && (
          <SecondFactorPrompt
            methods={status.methods}
            preferredMethod={status.preferredMethod}
            phoneNumberHint={status.phoneNumberHint}
            liveCode={liveCode(status)}
            onVerified={finish}
          />
        )}

        <p className="mt-4 text-sm text-slate-600">
          Not you, or none of these at hand? <SignOutLink />
        </p>
        <DevSmsInboxLink />
      </Card>
    </>
  )
}

export default TwoFactorChallengePage
