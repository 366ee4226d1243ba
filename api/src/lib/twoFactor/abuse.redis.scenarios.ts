import type { Prisma, User } from '@prisma/client'

import type { ScenarioData } from '@redwoodjs/testing/api'

import { pendingNumber, verifiedNumber } from 'src/lib/testing/factorData'

const throwAway = (n: number) => ({
  data: {
    email: `throwaway${n}@example.com`,
    hashedPassword: 'x',
    salt: 'x',
    ...pendingNumber(`+1201555${String(n).padStart(4, '0')}`),
  },
})

export const standard = defineScenario<Prisma.UserCreateArgs>({
  user: {
    owner: {
      data: {
        email: 'alan@example.com',
        hashedPassword: 'x',
        salt: 'x',
        ...verifiedNumber('+12015550199'),
      },
    },
    throwAway1: throwAway(101),
    throwAway2: throwAway(102),
    throwAway3: throwAway(103),
    throwAway4: throwAway(104),
  },
})

export type StandardScenario = ScenarioData<User, 'user'>
