import { useEffect, useRef } from 'react'

import { useLocation } from '@redwoodjs/router'
import { resolveValue, toast, useToaster } from '@redwoodjs/web/toast'
import type { Toast } from '@redwoodjs/web/toast'

import { isForNextPage } from 'src/lib/toasts'

const TONES: Record<Toast['type'], string> = {
  success: 'border-green-700 bg-green-50 text-green-900',
  error: 'border-red-700 bg-red-50 text-red-900',
  loading: 'border-blue-700 bg-blue-50 text-blue-900',
  blank: 'border-slate-500 bg-white text-slate-900',
  custom: 'border-slate-500 bg-white text-slate-900',
}

/**
 * Drops what the last page said when the route changes, so "Incorrect email
 * or password" does not greet someone on the next page. A toast raised
 * for the next page (lib/toasts) survives exactly one change.
 */
const useDismissOnRouteChange = (toasts: Toast[]) => {
  const { pathname } = useLocation()
  const current = useRef(toasts)
  current.current = toasts
  const carried = useRef(new Set<string>())
  const lastPath = useRef(pathname)

  useEffect(() => {
    if (lastPath.current === pathname) {
      return
    }
    lastPath.current = pathname
    for (const shown of current.current) {
      if (isForNextPage(shown.id) && !carried.current.has(shown.id)) {
        carried.current.add(shown.id)
      } else {
        toast.dismiss(shown.id)
      }
    }
  }, [pathname])
}

/**
 * react-hot-toast's messages, rendered in the page's flow under the header
 * rather than floating over it: a message pushes the page down and never
 * covers a control, at any width.
 */
const Toasts = () => {
  // Six seconds for every kind (react-hot-toast gives success two): long
  // enough to read a message that appeared while looking elsewhere.
  const { toasts } = useToaster({ duration: 6000 })
  useDismissOnRouteChange(toasts)
  const visible = toasts.filter((shown) => shown.visible)

  // One polite live region that is always there: each message is read once,
  // after whatever the screen reader is saying.
  return (
    <div aria-live="polite" className="mx-auto w-full max-w-2xl px-4">
      {visible.length > 0 && (
        <ul className="mt-4 space-y-2">
          {visible.map((shown) => (
            <li
              key={shown.id}
              className={`flex items-start gap-2 rounded-md border-l-4 py-1 pl-4 pr-1 shadow-sm ${TONES[shown.type]}`}
            >
              <p className="flex-1 py-2">
                {resolveValue(shown.message, shown)}
              </p>
              <button
                type="button"
                onClick={() => toast.dismiss(shown.id)}
                className="inline-flex min-h-tap min-w-tap items-center justify-center rounded-md text-xl leading-none hover:bg-black/5"
              >
                <span aria-hidden="true">×</span>
                <span className="sr-only">Dismiss</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

export default Toasts
