import { Link, routes } from '@redwoodjs/router'
import { Metadata } from '@redwoodjs/web'

import { APP_NAME } from 'src/layouts/AppLayout/AppLayout'
import { useSession } from 'src/lib/session'

const HomePage = () => {
  const { user } = useSession()

  return (
    <>
      <Metadata
        title="Home"
        description="Sign in with a password and a code sent by text message."
      />

      <h1>{APP_NAME}</h1>
      <p>
        Protect your account with a second step: after your password, enter a
        6-digit code we text to your phone.
      </p>

      {user ? (
        <p>
          <Link to={routes.dashboard()} className="rw-button rw-button-blue">
            Go to your dashboard
          </Link>
        </p>
      ) : (
        <p className="app-actions">
          <Link to={routes.signup()} className="rw-button rw-button-blue">
            Sign up
          </Link>
          <Link to={routes.login()} className="rw-button">
            Log in
          </Link>
        </p>
      )}
    </>
  )
}

export default HomePage
