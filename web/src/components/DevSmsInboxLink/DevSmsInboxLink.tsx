import { Link } from '@redwoodjs/router'

import { DEV_SMS_INBOX_PATH, isDevSmsInboxOn } from 'src/lib/devSmsInbox'

/** In development only: where the texted code can be read without a phone. */
const DevSmsInboxLink = () =>
  isDevSmsInboxOn() ? (
    <p className="mt-4 text-sm text-slate-600">
      Development:{' '}
      <Link
        to={DEV_SMS_INBOX_PATH}
        target="_blank"
        rel="noreferrer"
        className="inline-flex min-h-tap items-center"
      >
        read the texts in the SMS inbox
      </Link>
    </p>
  ) : null

export default DevSmsInboxLink
