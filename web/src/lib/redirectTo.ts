/**
 * Accepts only same-origin relative paths so a crafted `?redirectTo=` link
 * cannot bounce a freshly verified user to another site (open redirect).
 */
const PROBE_ORIGIN = 'https://redirect-check.invalid'

const startsProtocolRelative = (path: string) => /^\/[/\\]/.test(path)

const decoded = (path: string) => {
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}

export const sanitizeRedirectTo = (value: unknown): string | null => {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) {
    return null
  }
  // "//host" and "/\host" are protocol-relative in browsers; control
  // characters are stripped by the URL parser and could hide either.
  if (!value.startsWith('/') || startsProtocolRelative(value)) {
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
  // The parser resolves dot segments ("/./", "/../", "/%2e/"), so
  // "/.//evil.example" comes out as "//evil.example": check what it made.
  const target = url.pathname + url.search + url.hash
  if (
    startsProtocolRelative(target) ||
    startsProtocolRelative(decoded(target))
  ) {
    return null
  }
  return target
}

export const redirectTargetOr = (value: unknown, fallback: string) =>
  sanitizeRedirectTo(value) ?? fallback
