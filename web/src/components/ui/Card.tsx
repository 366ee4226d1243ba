import { useId } from 'react'

export interface CardProps {
  /** The card's heading; the card is a region named by it. */
  title?: React.ReactNode
  /** `h1` for the page's main card, `h2` (the default) inside a page. */
  titleAs?: 'h1' | 'h2' | 'h3'
  titleRef?: React.Ref<HTMLHeadingElement>
  /** Under the title, in smaller text. */
  description?: React.ReactNode
  children?: React.ReactNode
  /** Below the card, outside it: "New here? Create an account". */
  footer?: React.ReactNode
  className?: string
}

const TITLE_CLASSES = {
  h1: 'text-2xl font-bold tracking-tight',
  h2: 'text-xl font-semibold',
  h3: 'text-lg font-semibold',
}

/** A white panel with a heading: the unit every page is built from. */
const Card = ({
  title,
  titleAs: Title = 'h2',
  titleRef,
  description,
  children,
  footer,
  className = '',
}: CardProps) => {
  // useId's colons would need escaping in a CSS selector.
  const id = `card-title-${useId().replace(/:/g, '')}`
  const titleId = title ? id : undefined
  return (
    <div className={className}>
      <section
        aria-labelledby={titleId}
        className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-8"
      >
        {title && (
          <header className="mb-5 space-y-1">
            <Title
              id={titleId}
              ref={titleRef}
              tabIndex={titleRef ? -1 : undefined}
              className={`text-slate-900 ${TITLE_CLASSES[Title]}`}
            >
              {title}
            </Title>
            {description && <p className="text-slate-600">{description}</p>}
          </header>
        )}
        {children}
      </section>
      {footer && (
        <div className="mt-5 text-center text-slate-700">{footer}</div>
      )}
    </div>
  )
}

export default Card
