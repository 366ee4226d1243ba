import { Link, routes } from '@redwoodjs/router'
import { Metadata } from '@redwoodjs/web'

import DevSmsInboxLink from 'src/components/DevSmsInboxLink/DevSmsInboxLink'
import SecuritySettingsCell from 'src/components/SecuritySettingsCell'

const SecuritySettingsPage = () => (
  <>
    <Metadata title="Security" />
    <p className="mb-2">
      <Link
        to={routes.dashboard()}
        className="inline-flex min-h-tap items-center"
      >
        <span aria-hidden="true">←&nbsp;</span>Dashboard
      </Link>
    </p>
    <h1 className="mb-6 text-2xl font-bold tracking-tight">Security</h1>
    <SecuritySettingsCell />
    <DevSmsInboxLink />
  </>
)

export default SecuritySettingsPage
