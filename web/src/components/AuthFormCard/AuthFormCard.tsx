interface AuthFormCardProps {
  title: string
  children: React.ReactNode
  footer?: React.ReactNode
}

/** The card every sign-in style page shares, so they look like one product. */
const AuthFormCard = ({ title, children, footer }: AuthFormCardProps) => (
  <div className="rw-scaffold rw-login-container">
    <section className="rw-segment" aria-labelledby="auth-form-title">
      <header className="rw-segment-header">
        <h1 id="auth-form-title" className="rw-heading rw-heading-secondary">
          {title}
        </h1>
      </header>
      <div className="rw-segment-main">
        <div className="rw-form-wrapper">{children}</div>
      </div>
    </section>
    {footer && <div className="rw-login-link">{footer}</div>}
  </div>
)

export default AuthFormCard
