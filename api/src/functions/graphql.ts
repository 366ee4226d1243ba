import { createGraphQLHandler } from '@redwoodjs/graphql-server'

import directives from 'src/directives/**/*.{js,ts}'
import sdls from 'src/graphql/**/*.sdl.{js,ts}'
import services from 'src/services/**/*.{js,ts}'

import { cookieName, getCurrentUser } from 'src/lib/auth'
import { config } from 'src/lib/config'
import { db } from 'src/lib/db'
import { useJsonBodiesOnly } from 'src/lib/graphqlJsonBodies'
import { useRequestErrorCodes } from 'src/lib/graphqlRequestErrors'
import { logger } from 'src/lib/logger'
import { useOfflinePlayground } from 'src/lib/playground'
import { redis } from 'src/lib/redis/client'
import { sessionCookieDecoder } from 'src/lib/sessionCookieDecoder'
import { useResponseCookie } from 'src/lib/sessions/sessionCookie'
import { assertSmsConfigured } from 'src/lib/sms'

// Refuse to start on a bad configuration (e.g. no REDIS_URL in production)
// rather than fail on the first sign-in.
config()
assertSmsConfigured()
// Creates the Redis client now: without REDIS_URL, the in-process store's
// warning shows as the api starts, not at the first sign-in.
redis()

const authDecoder = sessionCookieDecoder(cookieName)

export const handler = createGraphQLHandler({
  authDecoder,
  getCurrentUser,
  loggerConfig: { logger, options: {} },
  directives,
  sdls,
  services,
  // verifyOtp re-issues the session cookie from inside GraphQL.
  extraPlugins: [
    useJsonBodiesOnly(),
    useResponseCookie(),
    useOfflinePlayground(),
    useRequestErrorCodes(),
  ],
  armorConfig: {
    // "Did you mean …?" would spell out the schema to anyone guessing at it;
    // only development keeps the hints.
    blockFieldSuggestion: { enabled: process.env.NODE_ENV !== 'development' },
  },
  // Yoga's own playground page needs a CDN; useOfflinePlayground serves it instead.
  allowGraphiQL: false,
  onException: () => {
    db.$disconnect()
  },
})
