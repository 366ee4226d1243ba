/**
 * Accepts only same-origin relative paths so a crafted `?redirectTo=` link
 * cannot bounce a freshly verified user to another site (open redirect).
 */
const PROBE_ORIGIN = 'https://redirect-check.invalid'

export const sanitizeRedirectTo = (value: unknown): string | null => {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) {
    return null
  }
  // "//host" and "/\host" are protocol-relative in browsers; control
  // characters are stripped by the URL parser and could hide either.
  if (!value.startsWith('/') || /^\/[/\\]/.test(value)) {
    return null
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(value)) {
    return null
  }
  let url: URL
  try {
    url = new URL(value, PROBE_ORIGIN)
  } catch {
    return null
  }
  if (url.origin !== PROBE_ORIGIN) {
    return null
  }
  return url.pathname + url.search + url.hash
}

export const redirectTargetOr = (value: unknown, fallback: string) =>
  sanitizeRedirectTo(value) ?? fallback
