import type { Prisma, User } from '@prisma/client'

import { hashPassword } from '@redwoodjs/auth-dbauth-api'
import type { ScenarioData } from '@redwoodjs/testing/api'

export const PASSWORD = 'correct horse battery staple'
const [hashedPassword, salt] = hashPassword(PASSWORD)

export const standard = defineScenario<Prisma.UserCreateArgs>({
  user: {
    twoFactorOn: {
      data: {
        email: 'alan@example.com',
        hashedPassword,
        salt,
        phoneNumber: '+12015550199',
        isTwoFactorEnabled: true,
      },
    },
    passwordOnly: {
      data: { email: 'ada@example.com', hashedPassword, salt },
    },
  },
})

export type StandardScenario = ScenarioData<User, 'user'>
