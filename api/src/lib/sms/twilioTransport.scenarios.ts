import type { Prisma, User } from '@prisma/client'

import type { ScenarioData } from '@redwoodjs/testing/api'

import { verifiedNumber } from 'src/lib/testing/factorData'

export const standard = defineScenario<Prisma.UserCreateArgs>({
  user: {
    twoFactorOn: {
      data: {
        email: 'grace@example.com',
        hashedPassword: 'x',
        salt: 'x',
        ...verifiedNumber('+12015550123'),
      },
    },
  },
})

export type StandardScenario = ScenarioData<User, 'user'>
