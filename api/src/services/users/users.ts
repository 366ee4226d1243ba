import type { QueryResolvers } from 'types/graphql'

import { db } from 'src/lib/db'

export const me: QueryResolvers['me'] = () =>
  db.user.findUniqueOrThrow({
    where: { id: context.currentUser.id },
    select: { id: true, email: true },
  })
