import { playgroundContentSecurityPolicy } from 'src/lib/securityHeaders'

/**
 * The GraphQL playground for development. graphql-yoga's own GraphiQL page
 * loads its scripts and styles from a CDN, so it is blank without internet;
 * this one inlines them (`@graphql-yoga/render-graphiql`). Opened through
 * the web server (http://localhost:8910/.redwood/functions/graphql) it sends
 * the browser's dbAuth cookie, so a signed-in developer runs operations as
 * themselves, under the same second-factor rules as the app.
 */

const EXAMPLE_OPERATIONS = `# You are signed in as whoever is signed in at http://localhost:8910.
# A session that still owes its second factor can run only the first four.

query Status {
  twoFactorStatus {
    enabled
    verified
    methods
    preferredMethod
    phoneNumberHint
    pendingPhoneNumberHint
    recoveryCodesRemaining
    resendAvailableInSeconds
    codeExpiresInSeconds
  }
}

mutation SendCode {
  requestOtp {
    success
    message
    retryAfterSeconds
  }
}

mutation Verify {
  verifyOtp(otp: "000000") {
    success
    message
  }
}

mutation VerifyAnyWay {
  verifySecondFactor(method: TOTP, code: "000000") {
    success
    message
  }
}

mutation SavePhone {
  setPhoneNumber(phoneNumber: "+12015550123") {
    success
    message
  }
}

mutation TurnOn {
  enableTwoFactorAuth {
    success
    message
  }
}

mutation AddAuthenticatorApp {
  startTotpEnrollment {
    otpauthUri
    secret
  }
}

mutation ConfirmAuthenticatorApp {
  confirmTotpEnrollment(code: "000000") {
    success
    message
  }
}

mutation NewRecoveryCodes {
  generateRecoveryCodes {
    codes
  }
}
`

const wantsPage = (request: Request, url: URL) =>
  request.method === 'GET' &&
  /\/graphql\/?$/.test(url.pathname) &&
  !url.searchParams.has('query') &&
  Boolean(request.headers.get('accept')?.includes('text/html'))

let page: { html: string; contentSecurityPolicy: string } | undefined

const renderPage = async () => {
  if (!page) {
    // Loaded on first use: the inlined bundle is ~2 MB and never needed in production.
    const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql')
    const html = renderGraphiQL({
      title: 'Redwood 2FA GraphQL playground',
      defaultQuery: EXAMPLE_OPERATIONS,
      // The dbAuth cookie carries the session; same-origin requests send it.
      credentials: 'same-origin',
    })
    // The api's policy allows no script at all; this page's own allows its
    // inline script and style by hash, and nothing from anywhere else.
    page = {
      html,
      contentSecurityPolicy: playgroundContentSecurityPolicy(html),
    }
  }
  return page
}

type OnRequest = {
  request: Request
  url: URL
  endResponse: (response: Response) => void
  fetchAPI: { Response: typeof Response }
}

/**
 * Yoga plugin serving the playground page in development. Pair it with
 * `allowGraphiQL: false`, which turns off Yoga's CDN-based page (that one
 * would answer first).
 */
export const useOfflinePlayground = () => ({
  async onRequest({ request, url, endResponse, fetchAPI }: OnRequest) {
    if (process.env.NODE_ENV !== 'development' || !wantsPage(request, url)) {
      return
    }
    const { html, contentSecurityPolicy } = await renderPage()
    endResponse(
      new fetchAPI.Response(html, {
        headers: {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': contentSecurityPolicy,
        },
      })
    )
  },
})
