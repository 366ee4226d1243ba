// Reads the codes the api "sent" through the outbox transport: one JSON line
// {"to","text","sentAt"} per message.
import fs from 'node:fs'

const CODE = /\b(\d{6})\b/

/**
 * Follows the outbox file and remembers the latest code sent to each
 * number (each bench account has its own number, and a new code replaces the
 * old one in the app too).
 */
export const followOutbox = (path) => {
  fs.writeFileSync(path, '')
  let offset = 0
  const latestCode = new Map()

  const readNew = () => {
    const content = fs.readFileSync(path)
    const fresh = content.subarray(offset).toString('utf8')
    // Only whole lines: the api may be halfway through appending one.
    const end = fresh.lastIndexOf('\n') + 1
    offset += Buffer.byteLength(fresh.slice(0, end))
    for (const line of fresh.slice(0, end).split('\n').filter(Boolean)) {
      const { to, text } = JSON.parse(line)
      const code = text.match(CODE)?.[1]
      if (code) {
        latestCode.set(to, code)
      }
    }
  }

  /** Gives each session the code last sent to its account's number. */
  const attachCodes = (sessions) => {
    readNew()
    for (const session of sessions) {
      session.code = latestCode.get(session.user.phoneNumber)
      if (!session.code) {
        throw new Error(`No code in the outbox for account ${session.user.id}`)
      }
      latestCode.delete(session.user.phoneNumber)
    }
  }

  return { attachCodes }
}
