import { useState } from 'react'

import { Link, navigate, routes } from '@redwoodjs/router'
import { toast } from '@redwoodjs/web/toast'

import Toasts from 'src/components/ui/Toasts'
import { useSession } from 'src/lib/session'

export const APP_NAME = 'Redwood 2FA'

type AppLayoutProps = {
  children?: React.ReactNode
}

// White on slate-900 is 17:1; the ring is white too, so it shows on the dark bar.
const NAV_ITEM =
  'inline-flex min-h-tap items-center rounded-md px-2 font-medium text-slate-100 no-underline hover:bg-white/10 hover:text-white focus-visible:outline-white sm:px-3'

const SignOutButton = () => {
  const { logOut } = useSession()
  const [busy, setBusy] = useState(false)

  const signOut = async () => {
    setBusy(true)
    try {
      await logOut()
      navigate(routes.home())
    } catch {
      toast.error('Could not sign out. Please try again.')
    } finally {
      setBusy(false)
    }
  }

  return (
    <button
      type="button"
      className={`${NAV_ITEM} disabled:cursor-wait disabled:text-slate-300`}
      onClick={signOut}
      disabled={busy}
      aria-busy={busy || undefined}
    >
      Log out
    </button>
  )
}

const SiteNavigation = () => {
  const { user, isFullySignedIn } = useSession()

  if (isFullySignedIn) {
    return (
      <>
        <li>
          <Link to={routes.dashboard()} className={NAV_ITEM}>
            Dashboard
          </Link>
        </li>
        <li>
          <Link to={routes.securitySettings()} className={NAV_ITEM}>
            Security
          </Link>
        </li>
        <li>
          <SignOutButton />
        </li>
      </>
    )
  }
  if (user) {
    // A session still owing its second factor can do nothing else but leave.
    return (
      <li>
        <SignOutButton />
      </li>
    )
  }
  return (
    <>
      <li>
        <Link to={routes.login()} className={NAV_ITEM}>
          Log in
        </Link>
      </li>
      <li>
        <Link to={routes.signup()} className={NAV_ITEM}>
          Sign up
        </Link>
      </li>
    </>
  )
}

const AppLayout = ({ children }: AppLayoutProps) => {
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only rounded-md bg-white px-4 py-3 font-semibold focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10"
      >
        Skip to content
      </a>
      <header className="bg-slate-900 text-white">
        {/* When the links do not fit beside the name (a signed-in phone),
            they move as one row under it rather than breaking apart. */}
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-4 px-2 py-1 sm:px-4">
          <Link
            to={routes.home()}
            className={`${NAV_ITEM} whitespace-nowrap text-lg font-bold text-white`}
          >
            {APP_NAME}
          </Link>
          <nav aria-label="Main">
            <ul className="flex flex-nowrap items-center gap-1">
              <SiteNavigation />
            </ul>
          </nav>
        </div>
      </header>
      <Toasts />
      <main
        id="main"
        tabIndex={-1}
        className="mx-auto w-full max-w-2xl flex-1 px-4 pb-12 pt-6 sm:pt-10"
      >
        {children}
      </main>
    </div>
  )
}

export default AppLayout
