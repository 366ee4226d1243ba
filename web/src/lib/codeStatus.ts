import type { LiveCode } from './twoFactorGraphql'

const clock = (ms: number) =>
  new Date(ms).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' })

export interface CodeStatus {
  sending: boolean
  codeSent: boolean
  resent: boolean
  adopted: LiveCode | null
}

/**
 * What the live region above a texted-code form says: a code going out, the
 * one already on its way (when it was sent and until when it works, so a
 * reload does not look like a lost text), or that a resend replaced it.
 */
export const codeStatusMessage = (
  { sending, codeSent, resent, adopted }: CodeStatus,
  phoneNumberHint: string | null
): string | null => {
  const phone = phoneNumberHint ?? 'your phone'
  if (sending) {
    return 'Sending a code…'
  }
  if (adopted) {
    const until = `It works until ${clock(adopted.expiresAt)}.`
    return adopted.sentAt
      ? `We texted a 6-digit code to ${phone} at ${clock(adopted.sentAt)}. ${until}`
      : `We texted a 6-digit code to ${phone}. ${until}`
  }
  if (resent) {
    return `New code sent to ${phone}. Earlier codes no longer work.`
  }
  return codeSent ? `We texted a 6-digit code to ${phone}.` : null
}
