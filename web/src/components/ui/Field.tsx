import { useId } from 'react'

import { useFormContext } from '@redwoodjs/forms'

/** What a Field hands to the control it labels. */
export interface FieldControlProps {
  id: string
  className: string
  'aria-describedby'?: string
  'aria-invalid'?: true
}

/** Input classes: 44 px tall, 16 px text (phones do not zoom), a 4.7:1 border. */
export const inputClasses = (invalid = false, className = '') =>
  [
    'block min-h-tap w-full rounded-md border bg-white px-3 py-2 text-base text-slate-900 shadow-sm placeholder:text-slate-500',
    'focus:outline focus:outline-[3px] focus:outline-offset-1 focus:outline-blue-600',
    'read-only:bg-slate-50 disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-600',
    invalid ? 'border-red-700' : 'border-slate-500',
    className,
  ]
    .join(' ')
    .trim()

export interface FieldProps {
  /** The form field's name: its validation message is shown here. */
  name: string
  label: React.ReactNode
  /** Always shown under the label: format, rules, an example. */
  hint?: React.ReactNode
  /** A message from elsewhere (the server), shown when validation has none. */
  error?: React.ReactNode
  /** Extra classes for the control. */
  controlClassName?: string
  className?: string
  /** Renders the control with the id, classes and descriptions it needs. */
  children: (control: FieldControlProps) => React.ReactNode
}

/**
 * A label, a control, a hint and an error, tied together: the label by `for`,
 * the hint and the error by `aria-describedby`, so a screen reader reads the
 * rules and what went wrong with the field itself. Inside a Redwood `<Form>`
 * the field's validation message is read from the form.
 */
const Field = ({
  name,
  label,
  hint,
  error,
  controlClassName,
  className = '',
  children,
}: FieldProps) => {
  const id = `${name}-${useId().replace(/:/g, '')}`
  const hintId = `${id}-hint`
  const errorId = `${id}-error`
  // Null outside a form: then only `error` counts.
  const form = useFormContext() as ReturnType<typeof useFormContext> | null
  const validationMessage = form?.formState?.errors?.[name]?.message
  const message =
    (typeof validationMessage === 'string' && validationMessage) ||
    error ||
    null
  const describedBy = [hint ? hintId : null, message ? errorId : null]
    .filter(Boolean)
    .join(' ')

  return (
    <div className={`space-y-1.5 ${className}`.trim()}>
      <label htmlFor={id} className="block font-medium text-slate-900">
        {label}
      </label>
      {hint && (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
      {children({
        id,
        className: inputClasses(!!message, controlClassName),
        'aria-describedby': describedBy || undefined,
        'aria-invalid': message ? true : undefined,
      })}
      {/* An alert that appears with its text is announced at once. */}
      {message && (
        <p
          id={errorId}
          role="alert"
          className="text-sm font-medium text-red-700"
        >
          {message}
        </p>
      )}
    </div>
  )
}

export default Field
