import { Metadata } from '@redwoodjs/web'

const SecuritySettingsPage = () => (
  <>
    <Metadata title="Security" />
    <h1>Security</h1>
  </>
)

export default SecuritySettingsPage
