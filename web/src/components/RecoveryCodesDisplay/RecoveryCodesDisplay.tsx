import { useEffect, useId, useRef, useState } from 'react'

import { useBlocker } from '@redwoodjs/router'
import { toast } from '@redwoodjs/web/toast'

import Alert from 'src/components/ui/Alert'
import Button from 'src/components/ui/Button'
import { APP_NAME } from 'src/layouts/AppLayout/AppLayout'
import { copyText, downloadText, printPage } from 'src/lib/saveText'

export const RECOVERY_CODES_FILE_NAME = 'redwood-2fa-recovery-codes.txt'

export interface RecoveryCodesDisplayProps {
  codes: string[]
  /** The account the codes belong to, written into the saved copy. */
  accountName: string
  /** Called once the person says they kept the codes. */
  onDone: () => void
  /** The first set, shown as two-factor authentication goes on. */
  firstTime?: boolean
}

export const recoveryCodesText = (
  codes: string[],
  accountName: string,
  now = new Date()
) =>
  [
    `${APP_NAME} recovery codes for ${accountName}`,
    `Created ${now.toISOString().slice(0, 10)}. Each code signs you in once`,
    'when you cannot use your phone or authenticator app.',
    'Keep them somewhere safe.',
    '',
    ...codes,
    '',
  ].join('\n')

/**
 * Shows a set of recovery codes the one time they exist in clear, and does
 * not let the person move on until they have kept them somewhere (download,
 * copy or print) and said so, as GitHub does: codes lost here cannot be
 * shown again.
 */
const RecoveryCodesDisplay = ({
  codes,
  accountName,
  onDone,
  firstTime = false,
}: RecoveryCodesDisplayProps) => {
  const id = useId()
  const headingRef = useRef<HTMLHeadingElement>(null)
  const stayRef = useRef<HTMLButtonElement>(null)
  const [kept, setKept] = useState(false)
  const [done, setDone] = useState(false)
  // Also warns on reload or closing the tab (the router adds beforeunload).
  const blocker = useBlocker({ when: !done })

  useEffect(() => headingRef.current?.focus(), [])
  useEffect(() => {
    if (blocker.state === 'BLOCKED') {
      stayRef.current?.focus()
    }
  }, [blocker.state])

  const text = () => recoveryCodesText(codes, accountName)

  const keep = (worked: boolean, success: string) => {
    if (worked) {
      setKept(true)
      toast.success(success)
    } else {
      toast.error('That did not work. Try another way to save the codes.')
    }
  }

  const finish = () => {
    setDone(true)
    onDone()
  }

  const hintId = `${id}-hint`

  return (
    <section
      aria-labelledby={`${id}-heading`}
      className="app-printable space-y-4"
    >
      <h3
        id={`${id}-heading`}
        ref={headingRef}
        tabIndex={-1}
        className="text-lg font-semibold"
      >
        Save your recovery codes
      </h3>
      <p className="text-slate-700">
        {firstTime
          ? 'Two-factor authentication is on. '
          : 'Your earlier recovery codes no longer work. '}
        If you lose your phone or cannot use your authenticator app, each of
        these codes signs you in once. Keep them somewhere safe, such as a
        password manager: they are shown only this once.
      </p>

      <ul
        aria-label="Recovery codes"
        className="grid grid-cols-1 gap-x-8 gap-y-2 rounded-lg border border-slate-200 bg-slate-50 p-4 font-mono text-lg min-[360px]:grid-cols-2"
      >
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>

      <div className="app-no-print flex flex-wrap gap-3">
        <Button
          onClick={() =>
            keep(
              downloadText(RECOVERY_CODES_FILE_NAME, text()),
              `Downloaded ${RECOVERY_CODES_FILE_NAME}.`
            )
          }
        >
          Download
        </Button>
        <Button
          onClick={async () =>
            keep(await copyText(text()), 'Recovery codes copied.')
          }
        >
          Copy
        </Button>
        <Button onClick={() => keep(printPage(), 'Sent to the printer.')}>
          Print
        </Button>
      </div>

      <div className="app-no-print space-y-2 border-t border-slate-200 pt-4">
        <p id={hintId} className="text-sm text-slate-600">
          {kept
            ? 'Once they are somewhere safe, confirm to finish.'
            : 'Download, copy or print the codes to continue.'}
        </p>
        <Button
          variant="primary"
          disabled={!kept}
          aria-describedby={hintId}
          onClick={finish}
        >
          I have saved these codes
        </Button>
      </div>

      {blocker.state === 'BLOCKED' && (
        <div
          role="alertdialog"
          aria-labelledby={`${id}-leave`}
          className="app-no-print"
        >
          <Alert tone="warning" role="none">
            <p id={`${id}-leave`}>
              You have not confirmed that you saved your recovery codes. They
              will not be shown again. Leave anyway?
            </p>
            <div className="mt-3 flex flex-wrap gap-3">
              <Button ref={stayRef} variant="primary" onClick={blocker.abort}>
                Stay
              </Button>
              <Button variant="dangerSecondary" onClick={blocker.confirm}>
                Leave without saving
              </Button>
            </div>
          </Alert>
        </div>
      )}
    </section>
  )
}

export default RecoveryCodesDisplay
