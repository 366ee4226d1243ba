import { Link, routes } from '@redwoodjs/router'
import { Metadata } from '@redwoodjs/web'

import { buttonClasses } from 'src/components/ui/Button'
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

      <div className="space-y-6 py-4 sm:py-10">
        <h1 className="text-3xl font-bold tracking-tight sm:text-4xl">
          {APP_NAME}
        </h1>
        <p className="text-lg text-slate-700">
          Protect your account with a second step: after your password, enter a
          6-digit code we text to your phone, or one from an authenticator app.
        </p>

        {user ? (
          <p>
            <Link
              to={routes.dashboard()}
              className={buttonClasses('primary', 'no-underline')}
            >
              Go to your dashboard
            </Link>
          </p>
        ) : (
          <p className="flex flex-wrap gap-3">
            <Link
              to={routes.signup()}
              className={buttonClasses('primary', 'no-underline')}
            >
              Sign up
            </Link>
            <Link
              to={routes.login()}
              className={buttonClasses('secondary', 'no-underline')}
            >
              Log in
            </Link>
          </p>
        )}
      </div>
    </>
  )
}

export default HomePage
