import { redirectTargetOr, sanitizeRedirectTo } from './redirectTo'

describe('sanitizeRedirectTo', () => {
  it.each([
    ['/dashboard', '/dashboard'],
    ['/settings/security', '/settings/security'],
    ['/dashboard?tab=1#top', '/dashboard?tab=1#top'],
    ['/a/../dashboard', '/dashboard'],
  ])('keeps the same-origin path %s', (input, expected) => {
    expect(sanitizeRedirectTo(input)).toBe(expected)
  })

  it.each([
    'https://evil.example/phish',
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    'dashboard',
    '/\t/evil.example',
    '/\n/evil.example',
    // Dot segments the URL parser resolves into a protocol-relative path.
    '/.//evil.example',
    '/..//evil.example',
    '/%2e//evil.example',
    '/%2E%2E//evil.example',
    '/a/..//evil.example',
    '/./\\evil.example',
    '/%2f/evil.example',
    '',
    undefined,
    null,
    42,
    ['/dashboard'],
  ])('refuses %p', (input) => {
    expect(sanitizeRedirectTo(input)).toBeNull()
  })

  it('falls back when the target is unsafe', () => {
    expect(redirectTargetOr('//evil.example', '/dashboard')).toBe('/dashboard')
    expect(redirectTargetOr('/settings/security', '/dashboard')).toBe(
      '/settings/security'
    )
  })
})
