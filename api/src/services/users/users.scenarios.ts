import type { Prisma, User } from '@prisma/client'

import type { ScenarioData } from '@redwoodjs/testing/api'

export const standard = defineScenario<Prisma.UserCreateArgs>({
  user: {
    one: {
      data: {
        email: 'ada@example.com',
        hashedPassword: 'not-a-real-hash',
        salt: 'not-a-real-salt',
        phoneNumber: '+12015550123',
        isTwoFactorEnabled: true,
      },
    },
    two: {
      data: { email: 'grace@example.com', hashedPassword: 'x', salt: 'x' },
    },
  },
})

export type StandardScenario = ScenarioData<User, 'user'>
