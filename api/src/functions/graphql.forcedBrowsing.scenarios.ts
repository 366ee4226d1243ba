import type { Prisma, User } from '@prisma/client'

import { hashPassword } from '@redwoodjs/auth-dbauth-api'
import type { ScenarioData } from '@redwoodjs/testing/api'

import { pendingNumber, verifiedNumber } from 'src/lib/testing/factorData'

export const PASSWORD = 'correct horse battery staple'
const [hashedPassword, salt] = hashPassword(PASSWORD)

export const standard = defineScenario<Prisma.UserCreateArgs>({
  user: {
    twoFactorOn: {
      data: {
        email: 'alan@example.com',
        hashedPassword,
        salt,
        ...verifiedNumber('+12015550199'),
      },
    },
    passwordOnly: {
      data: {
        email: 'ada@example.com',
        hashedPassword,
        salt,
        ...pendingNumber('+12015550123'),
      },
    },
  },
})

export type StandardScenario = ScenarioData<User, 'user'>
