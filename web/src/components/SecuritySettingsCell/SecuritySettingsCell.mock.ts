import type { SecuritySettingsData } from './SecuritySettingsCell'

const inTenMinutes = () => new Date(Date.now() + 10 * 60 * 1000).toISOString()

const data = (
  status: Partial<NonNullable<SecuritySettingsData['twoFactorStatus']>>
): SecuritySettingsData => ({
  me: { id: 1, email: 'ada@example.com' },
  twoFactorStatus: {
    enabled: false,
    verified: true,
    phoneNumberHint: null,
    resendAvailableInSeconds: 0,
    codeExpiresInSeconds: null,
    freshUntil: null,
    ...status,
  },
})

// Redwood's cell tests and stories use `standard` as the default success data.
export const standard = (): SecuritySettingsData => data({})

export const withPhone = (): SecuritySettingsData =>
  data({ phoneNumberHint: '+1******1212' })

export const enabled = (): SecuritySettingsData =>
  data({ enabled: true, phoneNumberHint: '+1******1212' })

export const enabledAndFresh = (): SecuritySettingsData =>
  data({
    enabled: true,
    phoneNumberHint: '+1******1212',
    freshUntil: inTenMinutes(),
  })
