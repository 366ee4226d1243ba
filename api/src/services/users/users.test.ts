import { db } from 'src/lib/db'

import { me } from './users'
import type { StandardScenario } from './users.scenarios'

describe('me', () => {
  scenario(
    'returns the signed-in user, and only the safe fields',
    async (scenario: StandardScenario) => {
      const user = scenario.user.one
      mockCurrentUser({
        id: user.id,
        email: user.email,
        secondFactorPending: false,
      })
      expect(await me()).toEqual({ id: user.id, email: user.email })
    }
  )

  scenario(
    'answers for the current user only',
    async (scenario: StandardScenario) => {
      mockCurrentUser({
        id: scenario.user.two.id,
        email: scenario.user.two.email,
        secondFactorPending: false,
      })
      expect(await me()).toEqual({
        id: scenario.user.two.id,
        email: 'grace@example.com',
      })
    }
  )

  scenario(
    'fails when the account no longer exists',
    async (scenario: StandardScenario) => {
      mockCurrentUser({
        id: scenario.user.two.id,
        email: scenario.user.two.email,
        secondFactorPending: false,
      })
      await db.user.delete({ where: { id: scenario.user.two.id } })
      await expect(me()).rejects.toThrow()
    }
  )
})
