import { Redirect, routes, useLocation } from '@redwoodjs/router'

import { useSession } from 'src/lib/session'

/**
 * Wraps private routes: a session that has passed the password but still owes
 * its SMS code is sent to the challenge, remembering where it was going.
 * The API refuses such sessions anyway; this keeps people out of pages that
 * would only show errors.
 */
const RequireSecondFactor = ({ children }: { children?: React.ReactNode }) => {
  const { isSecondFactorPending } = useSession()
  const { pathname, search, hash } = useLocation()

  if (isSecondFactorPending) {
    const challengePath = routes.twoFactorChallenge()
    // Once there, stop: re-rendering here must not nest redirectTo forever.
    if (pathname === challengePath) {
      return null
    }
    return (
      <Redirect
        to={routes.twoFactorChallenge({
          redirectTo: `${pathname}${search}${hash}`,
        })}
        options={{ replace: true }}
      />
    )
  }
  return <>{children}</>
}

export default RequireSecondFactor
