import { mockRedwoodDirective, getDirectiveName } from '@redwoodjs/testing/api'

import { resetTwoFactorState, signInAs } from 'src/lib/testing/twoFactorTestkit'

import requireAuth from './requireAuth'

const run = () =>
  mockRedwoodDirective(requireAuth, {
    context: { currentUser: context.currentUser },
  })()

describe('requireAuth directive', () => {
  beforeEach(() => resetTwoFactorState())

  it('declares the directive sdl as schema, with the correct name', () => {
    expect(requireAuth.schema).toBeTruthy()
    expect(getDirectiveName(requireAuth.schema)).toBe('requireAuth')
  })

  it('refuses a request with no signed-in user', () => {
    mockCurrentUser(null)
    expect(run).toThrow("You don't have permission to do that.")
  })

  it('refuses a user whose server-side session is unknown (revoked or forged)', () => {
    mockCurrentUser({
      id: 1,
      email: 'a@example.com',
      secondFactorPending: false,
    })
    expect(run).toThrow("You don't have permission to do that.")
  })

  it('refuses a session that still owes its second factor', async () => {
    await signInAs(
      { id: 1, email: 'a@example.com' },
      { secondFactorPending: true }
    )
    let code: string | undefined
    try {
      run()
    } catch (error) {
      code = (error as { extensions?: { code?: string } }).extensions?.code
    }
    expect(code).toBe('SECOND_FACTOR_REQUIRED')
  })

  it('allows a full session', async () => {
    await signInAs({ id: 1, email: 'a@example.com' })
    expect(run).not.toThrow()
  })
})
