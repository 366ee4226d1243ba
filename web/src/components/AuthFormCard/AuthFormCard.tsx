import Card from 'src/components/ui/Card'

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
