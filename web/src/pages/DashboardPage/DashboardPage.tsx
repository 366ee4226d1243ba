import { Link, routes } from '@redwoodjs/router'
import { Metadata } from '@redwoodjs/web'

import { useSession } from 'src/lib/session'

const DashboardPage = () => {
  const { user } = useSession()

  return (
    <>
      <Metadata title="Dashboard" />

      <h1>Dashboard</h1>
      <p>
        Signed in as <strong>{user?.email}</strong>.
      </p>
      <p>
        <Link to={routes.securitySettings()}>
          Manage two-factor authentication
        </Link>
      </p>
    </>
  )
}

export default DashboardPage
