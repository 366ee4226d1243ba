import { PrivateSet, Router, Route, Set } from '@redwoodjs/router'

import RequireSecondFactor from 'src/components/RequireSecondFactor/RequireSecondFactor'
import AppLayout from 'src/layouts/AppLayout/AppLayout'
import { isDevSmsInboxOn } from 'src/lib/devSmsInbox'

import { useAuth } from './auth'

const Routes = () => {
  return (
    <Router useAuth={useAuth}>
      <Set wrap={AppLayout}>
        <Route path="/" page={HomePage} name="home" />
        <Route path="/login" page={LoginPage} name="login" />
        <Route path="/signup" page={SignupPage} name="signup" />
        <Route path="/forgot-password" page={ForgotPasswordPage} name="forgotPassword" />
        <Route path="/reset-password" page={ResetPasswordPage} name="resetPassword" />
        {/* Builds for anywhere but `yarn rw dev` leave the route out. */}
        {isDevSmsInboxOn() && <Route path="/dev/sms" page={DevSmsInboxPage} name="devSmsInbox" />}

        {/* Reachable with a password-only session: it is where that session finishes signing in. */}
        <PrivateSet unauthenticated="login">
          <Route path="/2fa-challenge" page={TwoFactorChallengePage} name="twoFactorChallenge" />
        </PrivateSet>

        <PrivateSet unauthenticated="login" wrap={RequireSecondFactor}>
          <Route path="/dashboard" page={DashboardPage} name="dashboard" />
          <Route path="/settings/security" page={SecuritySettingsPage} name="securitySettings" />
        </PrivateSet>
      </Set>
      <Route notfound page={NotFoundPage} />
    </Router>
  )
}

export default Routes
