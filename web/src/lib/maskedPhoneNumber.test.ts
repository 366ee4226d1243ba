import { maskedPhoneNumber } from './maskedPhoneNumber'

describe('maskedPhoneNumber', () => {
  it.each([
    ['+1******0123', '•••-•••-0123'],
    ['+44*******0123', '+44 ••• •••• 0123'],
    ['+49********4567', '+49 ••• ••• •• 4567'],
    ['+353******7890', '+353 ••• ••• 7890'],
  ])('writes %s as %s', (hint, shown) => {
    expect(maskedPhoneNumber(hint)).toBe(shown)
  })

  it('shows a hint of another shape unchanged, and nothing as nothing', () => {
    expect(maskedPhoneNumber('your phone')).toBe('your phone')
    expect(maskedPhoneNumber(null)).toBeNull()
    expect(maskedPhoneNumber(undefined)).toBeNull()
  })
})
