import Card from 'src/components/ui/Card'

/** Links under the card are tap targets too: 44 px tall. */
export const FOOTER_LINK = 'inline-flex min-h-tap items-center'

interface AuthFormCardProps {
  title: string
  description?: React.ReactNode
  children: React.ReactNode
  footer?: React.ReactNode
}

/** The card every sign-in style page shares, so they look like one product. */
const AuthFormCard = ({
  title,
  description,
  children,
  footer,
}: AuthFormCardProps) => (
  <Card
    className="mx-auto w-full max-w-md"
    title={title}
    titleAs="h1"
    description={description}
    footer={footer}
  >
    {children}
  </Card>
)

export default AuthFormCard
