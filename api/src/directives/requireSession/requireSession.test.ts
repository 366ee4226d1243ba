import { mockRedwoodDirective, getDirectiveName } from '@redwoodjs/testing/api'

import { attachSession } from 'src/lib/auth'
import { resetTwoFactorState, signInAs } from 'src/lib/testing/twoFactorTestkit'

import requireSession from './requireSession'

const run = () =>
  mockRedwoodDirective(requireSession, {
    context: { currentUser: context.currentUser },
  })()

describe('requireSession directive', () => {
  beforeEach(() => resetTwoFactorState())

  it('declares the directive sdl as schema, with the correct name', () => {
    expect(getDirectiveName(requireSession.schema)).toBe('requireSession')
  })

  it('allows a session that still owes its second factor', async () => {
    await signInAs(
      { id: 1, email: 'a@example.com' },
      { secondFactorPending: true }
    )
    expect(run).not.toThrow()
  })

  it('refuses a user with no live session', () => {
    mockCurrentUser({
      id: 1,
      email: 'a@example.com',
      secondFactorPending: true,
    })
    expect(run).toThrow("You don't have permission to do that.")
  })

  it('fails closed with SERVICE_UNAVAILABLE when the session store was unreachable', () => {
    mockCurrentUser({
      id: 1,
      email: 'a@example.com',
      secondFactorPending: true,
    })
    attachSession(context.currentUser as object, 'unavailable')
    expect(run).toThrow('Verification is unavailable right now')
  })
})
