import type { Prisma, User } from '@prisma/client'

import type { ScenarioData } from '@redwoodjs/testing/api'

import { pendingNumber, verifiedNumber } from 'src/lib/testing/factorData'

// Password hashes are irrelevant to the second factor; these accounts are
// only ever signed in through the test kit.
export const standard = defineScenario<Prisma.UserCreateArgs>({
  user: {
    withPhone: {
      data: {
        email: 'ada@example.com',
        hashedPassword: 'x',
        salt: 'x',
        ...pendingNumber('+12015550123'),
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
        ...verifiedNumber('+12015550199'),
      },
    },
  },
})

export type StandardScenario = ScenarioData<User, 'user'>
