import type { Prisma, User } from '@prisma/client'

import type { ScenarioData } from '@redwoodjs/testing/api'

import { pendingNumber, verifiedNumber } from 'src/lib/testing/factorData'

export const standard = defineScenario<Prisma.UserCreateArgs>({
  user: {
    twoFactorOn: {
      data: {
        email: 'katherine@example.com',
        hashedPassword: 'x',
        salt: 'x',
        ...verifiedNumber('+12015550123'),
      },
    },
    enrolling: {
      data: {
        email: 'dorothy@example.com',
        hashedPassword: 'x',
        salt: 'x',
        ...pendingNumber('+12015550124'),
      },
    },
  },
})

export type StandardScenario = ScenarioData<User, 'user'>
