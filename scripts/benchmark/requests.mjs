// The HTTP requests the web side makes, built per session, and how to read
// their outcomes.

const json = (value) => JSON.stringify(value)

/** POST /auth login, as the dbAuth web client sends it. */
export const loginRequest = (user, password) => ({
  method: 'POST',
  path: '/auth',
  headers: { 'content-type': 'application/json' },
  body: json({ method: 'login', username: user.email, password }),
})

/**
 * POST /graphql with what the dbAuth web client sends: the auth-provider and
 * a Bearer token (the user id it got from getToken; the api decodes the
 * session from the cookie, but rejects a malformed Authorization header),
 * plus both cookies dbAuth set at login.
 */
const graphqlRequest = (session, query, variables) => ({
  method: 'POST',
  path: '/graphql',
  headers: {
    'content-type': 'application/json',
    'auth-provider': 'dbAuth',
    authorization: `Bearer ${session.user.id}`,
    cookie: `auth-provider=dbAuth; ${session.cookie}`,
  },
  body: json(variables ? { query, variables } : { query }),
})

const STATUS_QUERY =
  'query Status { twoFactorStatus { enabled verified phoneNumberHint } }'
const REQUEST_MUTATION =
  'mutation Request { requestOtp { success retryAfterSeconds } }'
const VERIFY_MUTATION =
  'mutation Verify($otp: String!) { verifyOtp(otp: $otp) { success } }'

/** Each measured operation: how to ask for it and where its answer is. */
export const operations = {
  // Selects nothing, but Redwood still decrypts the cookie and runs
  // getCurrentUser for it: what every authenticated request pays.
  floor: {
    label: '{ __typename }',
    field: '__typename',
    request: (session) => graphqlRequest(session, 'query Floor { __typename }'),
  },
  trivial: {
    label: 'twoFactorStatus',
    field: 'twoFactorStatus',
    request: (session) => graphqlRequest(session, STATUS_QUERY),
  },
  request: {
    label: 'requestOtp',
    field: 'requestOtp',
    request: (session) => graphqlRequest(session, REQUEST_MUTATION),
  },
  verify: {
    label: 'verifyOtp',
    field: 'verifyOtp',
    request: (session, otp = session.code) =>
      graphqlRequest(session, VERIFY_MUTATION, { otp }),
  },
}

/**
 * 'OK' for a successful answer, else the error's stable extensions.code
 * (the README's error table), or a description of what came back instead.
 */
export const outcomeOf = (field, status, body) => {
  let parsed
  try {
    parsed = JSON.parse(body)
  } catch {
    return `HTTP_${status}`
  }
  const data = parsed?.data?.[field]
  if (data && data.success !== false) {
    return 'OK'
  }
  return parsed?.errors?.[0]?.extensions?.code ?? `HTTP_${status}`
}

/** `session_8911=<value>` from a response's Set-Cookie headers, or null. */
export const sessionCookieOf = (headers) => {
  const raw = headers['set-cookie'] ?? headers['Set-Cookie'] ?? []
  const pair = [raw]
    .flat()
    .map((cookie) => String(cookie).split(';')[0].trim())
    .find((cookie) => /^session[^=]*=./.test(cookie))
  return pair ?? null
}
