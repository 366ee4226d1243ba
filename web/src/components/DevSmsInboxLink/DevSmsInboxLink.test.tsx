import { render, screen } from '@redwoodjs/testing/web'

import DevSmsInboxLink from './DevSmsInboxLink'

const withNodeEnv = (nodeEnv: string, work: () => void) => {
  const saved = process.env.NODE_ENV
  process.env.NODE_ENV = nodeEnv
  try {
    work()
  } finally {
    process.env.NODE_ENV = saved
  }
}

describe('the link to the development SMS inbox', () => {
  it('points at the inbox page in development', () =>
    withNodeEnv('development', () => {
      render(<DevSmsInboxLink />)
      expect(
        screen.getByRole('link', { name: 'read the texts in the SMS inbox' })
      ).toHaveAttribute('href', '/dev/sms')
    }))

  it.each(['production', 'test'])('is not there in a %s build', (nodeEnv) =>
    withNodeEnv(nodeEnv, () => {
      const { container } = render(<DevSmsInboxLink />)
      expect(container).toBeEmptyDOMElement()
      expect(screen.queryByRole('link')).not.toBeInTheDocument()
    })
  )
})
