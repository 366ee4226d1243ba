import { Link, navigate, routes } from '@redwoodjs/router'
import { toast, Toaster } from '@redwoodjs/web/toast'

import { useSession } from 'src/lib/session'

export const APP_NAME = 'Redwood 2FA'

type AppLayoutProps = {
  children?: React.ReactNode
}

const SignOutButton = () => {
  const { logOut } = useSession()

  const signOut = async () => {
    try {
      await logOut()
      navigate(routes.home())
    } catch {
      toast.error('Could not sign out. Please try again.')
    }
  }

  return (
    <button type="button" className="app-link-button" onClick={signOut}>
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
          <Link to={routes.dashboard()}>Dashboard</Link>
        </li>
        <li>
          <Link to={routes.securitySettings()}>Security</Link>
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
        <Link to={routes.login()}>Log in</Link>
      </li>
      <li>
        <Link to={routes.signup()}>Sign up</Link>
      </li>
    </>
  )
}

const AppLayout = ({ children }: AppLayoutProps) => {
  return (
    <div className="app-shell">
      <Toaster toastOptions={{ className: 'rw-toast', duration: 6000 }} />
      <header className="app-header">
        <Link to={routes.home()} className="app-name">
          {APP_NAME}
        </Link>
        <nav aria-label="Main">
          <ul className="app-nav">
            <SiteNavigation />
          </ul>
        </nav>
      </header>
      <main className="app-main">{children}</main>
    </div>
  )
}

export default AppLayout
