import type { Prisma, User } from '@prisma/client'

import type { ScenarioData } from '@redwoodjs/testing/api'

// Password hashes are irrelevant to the second factor; these accounts are
// only ever signed in through the test kit.
export const standard = defineScenario<Prisma.UserCreateArgs>({
  user: {
    withPhone: {
      data: {
        email: 'ada@example.com',
        hashedPassword: 'x',
        salt: 'x',
        phoneNumber: '+12015550123',
      },
    },
    withoutPhone: {
      data: { email: 'grace@example.com', hashedPassword: 'x', salt: 'x' },
    },
    twoFactorOn: {
      data: {
        email: 'alan@example.com',
        hashedPassword: 'x',
        salt: 'x',
        phoneNumber: '+12015550199',
        isTwoFactorEnabled: true,
      },
    },
  },
})

export type StandardScenario = ScenarioData<User, 'user'>
