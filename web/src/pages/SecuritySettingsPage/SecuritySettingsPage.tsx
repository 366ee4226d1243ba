import { Link, routes } from '@redwoodjs/router'
import { Metadata } from '@redwoodjs/web'

import DevSmsInboxLink from 'src/components/DevSmsInboxLink/DevSmsInboxLink'
import SecuritySettingsCell from 'src/components/SecuritySettingsCell'

const SecuritySettingsPage = () => (
  <>
    <Metadata title="Security" />
    <p>
      <Link to={routes.dashboard()}>← Dashboard</Link>
    </p>
    <h1>Security</h1>
    <SecuritySettingsCell />
    <DevSmsInboxLink />
  </>
)

export default SecuritySettingsPage
