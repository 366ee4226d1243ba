import crypto from 'node:crypto'

import {
  cookieName as resolveCookieName,
  encryptSession,
} from '@redwoodjs/auth-dbauth-api'
import { context } from '@redwoodjs/graphql-server'

import { config } from '../config'

/**
 * The dbAuth cookie's name and attributes, shared with functions/auth.ts.
 * Not Redwood's `session_%port%`: the port comes from redwood.toml, which reads
 * REDWOOD_API_PORT, so instances listening on different ports would each name
 * the cookie differently and a session would work on one instance only.
 */
export const SESSION_COOKIE_NAME = 'session_2fa'

export const sessionCookieAttributes = {
  HttpOnly: true,
  Path: '/',
  SameSite: 'Strict',
  Secure: process.env.NODE_ENV !== 'development',
} as const

export type SessionCookieData = { id: number; email: string; sid: string }

let resolvedCookieName: string | undefined

/**
 * dbAuth's cookieName() reads and parses redwood.toml on every call (about
 * 0.2 ms of CPU) even for a name with no `%port%`: resolve it once.
 */
const sessionCookieName = () =>
  (resolvedCookieName ??= resolveCookieName(SESSION_COOKIE_NAME))

/**
 * Builds a dbAuth session cookie the way DbAuthHandler does (encrypted JSON
 * and a CSRF token), for re-issuing the session from a GraphQL mutation.
 */
export const buildSessionCookie = (
  data: SessionCookieData,
  now = Date.now()
) => {
  const encrypted = encryptSession(
    `${JSON.stringify(data)};${crypto.randomUUID()}`
  )
  const expires = new Date(now + config().session.maxSeconds * 1000)
  const attributes = Object.entries(sessionCookieAttributes)
    .filter(([, value]) => value !== false)
    .map(([name, value]) => (value === true ? name : `${name}=${value}`))
  return [
    `${sessionCookieName()}=${encrypted}`,
    ...attributes,
    `Expires=${expires.toUTCString()}`,
  ].join(';')
}

const RESPONSE_COOKIE = 'twoFactorResponseCookie'

/** A resolver asks for the response to carry a new session cookie. */
export const setResponseCookie = (cookie: string) => {
  ;(context as Record<string, unknown>)[RESPONSE_COOKIE] = cookie
}

/**
 * Yoga plugin: copies the cookie a resolver asked for onto the response.
 * Redwood keeps one value per header name, so one cookie per response.
 */
export const useResponseCookie = () => ({
  onResponse({ response }: { response: Response }) {
    const cookie = (context as Record<string, unknown>)?.[RESPONSE_COOKIE]
    if (typeof cookie === 'string') {
      response.headers.append('set-cookie', cookie)
    }
  },
})
