import type { Prisma, User } from '@prisma/client'

import type { ScenarioData } from '@redwoodjs/testing/api'

import { verifiedNumber } from 'src/lib/testing/factorData'

export const standard = defineScenario<Prisma.UserCreateArgs>({
  user: {
    one: {
      data: {
        email: 'ada@example.com',
        hashedPassword: 'not-a-real-hash',
        salt: 'not-a-real-salt',
        ...verifiedNumber('+12015550123'),
      },
    },
    two: {
      data: { email: 'grace@example.com', hashedPassword: 'x', salt: 'x' },
    },
  },
})

export type StandardScenario = ScenarioData<User, 'user'>
