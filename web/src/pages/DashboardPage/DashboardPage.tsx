import { Link, routes } from '@redwoodjs/router'
import { Metadata } from '@redwoodjs/web'

import Card from 'src/components/ui/Card'
import { useSession } from 'src/lib/session'

const DashboardPage = () => {
  const { user } = useSession()

  return (
    <>
      <Metadata title="Dashboard" />

      <Card title="Dashboard" titleAs="h1">
        <div className="space-y-3">
          <p className="break-words">
            Signed in as <strong>{user?.email}</strong>.
          </p>
          <p>
            <Link
              to={routes.securitySettings()}
              className="inline-flex min-h-tap items-center"
            >
              Manage two-factor authentication
            </Link>
          </p>
        </div>
      </Card>
    </>
  )
}

export default DashboardPage
