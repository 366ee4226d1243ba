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
    pendingPhoneNumberHint: null,
    methods: [],
    preferredMethod: null,
    recoveryCodesRemaining: 0,
    resendAvailableInSeconds: 0,
    codeExpiresInSeconds: null,
    freshUntil: null,
    ...status,
  },
})

// Redwood's cell tests and stories use `standard` as the default success data.
export const standard = (): SecuritySettingsData => data({})

/** A number saved but not yet confirmed with its code; 2FA still off. */
export const withPhone = (): SecuritySettingsData =>
  data({
    phoneNumberHint: '+1******1212',
    pendingPhoneNumberHint: '+1******1212',
  })

export const enabled = (): SecuritySettingsData =>
  data({
    enabled: true,
    phoneNumberHint: '+1******1212',
    methods: ['SMS', 'RECOVERY_CODE'],
    preferredMethod: 'SMS',
    recoveryCodesRemaining: 10,
  })

export const enabledAndFresh = (): SecuritySettingsData =>
  data({
    ...enabled().twoFactorStatus,
    freshUntil: inTenMinutes(),
  })

export const enabledWithApp = (): SecuritySettingsData =>
  data({
    enabled: true,
    phoneNumberHint: '+1******1212',
    methods: ['SMS', 'TOTP', 'RECOVERY_CODE'],
    preferredMethod: 'TOTP',
    recoveryCodesRemaining: 7,
  })

/** A new number waits for its code; the old one is still in use. */
export const enabledWithPendingNumber = (): SecuritySettingsData =>
  data({
    ...enabled().twoFactorStatus,
    pendingPhoneNumberHint: '+44*******0123',
  })

export const appOnlyWithoutRecoveryCodes = (): SecuritySettingsData =>
  data({
    enabled: true,
    methods: ['TOTP'],
    preferredMethod: 'TOTP',
    recoveryCodesRemaining: 0,
  })
