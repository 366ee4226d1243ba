export type BadgeTone = 'success' | 'neutral' | 'warning' | 'danger'

// Text on tint, each at least 4.5:1; the ring keeps the shape visible to
// people who do not tell the colours apart, and the word says the rest.
const TONES: Record<BadgeTone, string> = {
  success: 'bg-green-50 text-green-800 ring-green-700/40',
  neutral: 'bg-slate-100 text-slate-700 ring-slate-500/40',
  warning: 'bg-amber-50 text-amber-900 ring-amber-700/40',
  danger: 'bg-red-50 text-red-800 ring-red-700/40',
}

export interface BadgeProps {
  tone?: BadgeTone
  children: React.ReactNode
  className?: string
}

/** A short status word ("On", "Not set up") beside what it describes. */
const Badge = ({ tone = 'neutral', children, className = '' }: BadgeProps) => (
  <span
    className={`inline-flex items-center whitespace-nowrap rounded-full px-2.5 py-0.5 text-sm font-semibold ring-1 ring-inset ${TONES[tone]} ${className}`.trim()}
  >
    {children}
  </span>
)

export default Badge
