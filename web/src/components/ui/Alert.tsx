export type AlertTone = 'error' | 'success' | 'info' | 'warning'

const TONES: Record<AlertTone, string> = {
  error: 'border-red-700 bg-red-50 text-red-900',
  success: 'border-green-700 bg-green-50 text-green-900',
  info: 'border-blue-700 bg-blue-50 text-blue-900',
  warning: 'border-amber-600 bg-amber-50 text-amber-900',
}

export interface AlertProps {
  tone?: AlertTone
  /** Bold first line. */
  title?: React.ReactNode
  children?: React.ReactNode
  /**
   * `alert` interrupts a screen reader (errors), `status` waits its turn;
   * `none` for a message that is part of the page from the start.
   */
  role?: 'alert' | 'status' | 'none'
  id?: string
  className?: string
}

/**
 * A message in the page. With nothing to say it still renders its (empty)
 * live region, so a message that appears later is announced.
 */
const Alert = ({
  tone = 'info',
  title,
  children,
  role = tone === 'error' ? 'alert' : 'status',
  id,
  className = '',
}: AlertProps) => {
  const live = role === 'none' ? undefined : role
  if (!title && !children) {
    return <div id={id} role={live} className={className} />
  }
  return (
    <div
      id={id}
      role={live}
      className={`rounded-md border-l-4 px-4 py-3 ${TONES[tone]} ${className}`.trim()}
    >
      {title ? (
        <>
          <p className="font-semibold">{title}</p>
          {children && <div className="mt-1">{children}</div>}
        </>
      ) : (
        children
      )}
    </div>
  )
}

export default Alert
