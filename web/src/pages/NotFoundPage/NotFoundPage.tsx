import { Link, routes } from '@redwoodjs/router'
import { Metadata } from '@redwoodjs/web'

import { buttonClasses } from 'src/components/ui/Button'
import Card from 'src/components/ui/Card'
import AppLayout from 'src/layouts/AppLayout/AppLayout'

// Outside the routes' layout (Redwood renders it on its own), so it brings
// the header itself: someone who followed a bad link can still go anywhere.
const NotFoundPage = () => (
  <AppLayout>
    <Metadata title="Page not found" />
    <Card
      title="Page not found"
      titleAs="h1"
      className="mx-auto w-full max-w-md"
    >
      <p className="mb-5 text-slate-700">
        There is nothing at this address. Check it for typing mistakes, or start
        again from the home page.
      </p>
      <Link
        to={routes.home()}
        className={buttonClasses('primary', 'no-underline')}
      >
        Go to the home page
      </Link>
    </Card>
  </AppLayout>
)

export default NotFoundPage
