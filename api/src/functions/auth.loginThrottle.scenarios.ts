import type { Prisma, User } from '@prisma/client'

import { hashPassword, legacyHashPassword } from '@redwoodjs/auth-dbauth-api'
import type { ScenarioData } from '@redwoodjs/testing/api'

export const PASSWORD = 'correct horse battery staple'
const [hashedPassword, salt] = hashPassword(PASSWORD)
const [legacyHash, legacySalt] = legacyHashPassword(PASSWORD)

export const standard = defineScenario<Prisma.UserCreateArgs>({
  user: {
    ada: { data: { email: 'ada@example.com', hashedPassword, salt } },
    grace: { data: { email: 'grace@example.com', hashedPassword, salt } },
    // Signed up under dbAuth's old hashing (one round of PBKDF2-SHA1).
    legacy: {
      data: {
        email: 'legacy@example.com',
        hashedPassword: legacyHash,
        salt: legacySalt,
      },
    },
  },
})

export type StandardScenario = ScenarioData<User, 'user'>
