// The WebOTP API is Chromium-only and missing from TypeScript's DOM types.
interface OtpCredential extends Credential {
  code: string
}

interface OtpCredentialRequestOptions extends CredentialRequestOptions {
  otp: { transport: string[] }
}

export const isWebOtpSupported = (): boolean =>
  typeof window !== 'undefined' &&
  'OTPCredential' in window &&
  !!navigator.credentials?.get

/**
 * Resolves with the code from an incoming SMS whose last line is
 * "@<this host> #<code>", or null when the browser cannot or the user declines.
 */
export const receiveSmsCode = async (
  signal: AbortSignal
): Promise<string | null> => {
  if (!isWebOtpSupported()) {
    return null
  }
  try {
    const options: OtpCredentialRequestOptions = {
      otp: { transport: ['sms'] },
      signal,
    }
    const credential = (await navigator.credentials.get(
      options
    )) as OtpCredential | null
    return credential?.code ?? null
  } catch {
    // Aborted on unmount, denied, or timed out: typing the code still works.
    return null
  }
}
