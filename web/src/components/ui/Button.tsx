import { forwardRef } from 'react'

export type ButtonVariant =
  | 'primary'
  | 'secondary'
  | 'danger'
  /** A destructive action that is not the page's main one: outlined in red. */
  | 'dangerSecondary'
  /** Looks like a link, sized like a button. */
  | 'link'

// Every variant is at least 44 px tall (WCAG 2.5.5) and its text has at least
// 4.5:1 against its background. Disabled buttons are grey whatever their
// variant, so they never pass for enabled ones.
const BASE =
  'inline-flex min-h-tap items-center justify-center gap-2 rounded-md text-base font-semibold leading-tight transition-colors disabled:cursor-not-allowed motion-reduce:transition-none'

const VARIANTS: Record<ButtonVariant, string> = {
  primary:
    'bg-blue-700 px-4 py-2 text-white shadow-sm hover:bg-blue-800 disabled:bg-slate-200 disabled:text-slate-600 disabled:shadow-none',
  secondary:
    'border border-slate-400 bg-white px-4 py-2 text-slate-900 shadow-sm hover:bg-slate-100 disabled:border-slate-200 disabled:bg-slate-100 disabled:text-slate-500 disabled:shadow-none',
  danger:
    'bg-red-700 px-4 py-2 text-white shadow-sm hover:bg-red-800 disabled:bg-slate-200 disabled:text-slate-600 disabled:shadow-none',
  dangerSecondary:
    'border border-red-700 bg-white px-4 py-2 text-red-700 hover:bg-red-50 disabled:border-slate-200 disabled:bg-slate-100 disabled:text-slate-500',
  link: 'px-1 py-2 font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900 disabled:text-slate-500 disabled:no-underline',
}

/** The classes of a button, for a link that looks like one. */
export const buttonClasses = (
  variant: ButtonVariant = 'secondary',
  className = ''
) => `${BASE} ${VARIANTS[variant]} ${className}`.trim()

const Spinner = () => (
  <svg
    aria-hidden="true"
    viewBox="0 0 24 24"
    className="h-4 w-4 animate-spin motion-reduce:animate-none"
  >
    <circle
      cx="12"
      cy="12"
      r="9"
      fill="none"
      stroke="currentColor"
      strokeOpacity="0.3"
      strokeWidth="3"
    />
    <path
      d="M21 12a9 9 0 0 0-9-9"
      fill="none"
      stroke="currentColor"
      strokeLinecap="round"
      strokeWidth="3"
    />
  </svg>
)

export interface ButtonProps
  extends React.ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant
  /** The request this button started is in flight: a spinner, and no second click. */
  busy?: boolean
  /** What the button says while busy ("Saving…"); its own label otherwise. */
  busyLabel?: React.ReactNode
}

const Button = forwardRef<HTMLButtonElement, ButtonProps>(
  (
    {
      variant = 'secondary',
      busy = false,
      busyLabel,
      className,
      disabled,
      type = 'button',
      children,
      ...props
    },
    ref
  ) => (
    <button
      ref={ref}
      // eslint-disable-next-line react/button-has-type
      type={type}
      className={buttonClasses(variant, className)}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...props}
    >
      {busy && <Spinner />}
      {busy && busyLabel ? busyLabel : children}
    </button>
  )
)
Button.displayName = 'Button'

export default Button
