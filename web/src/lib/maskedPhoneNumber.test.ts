import { maskedPhoneNumber } from './maskedPhoneNumber'

describe('maskedPhoneNumber', () => {
  it.each([
    ['+1******0123', '•••\u2011•••\u20110123'],
    ['+44*******0123', '+44\u00a0•••\u00a0••••\u00a00123'],
    ['+49********4567', '+49\u00a0•••\u00a0•••\u00a0••\u00a04567'],
    ['+353******7890', '+353\u00a0•••\u00a0•••\u00a07890'],
  ])('writes %s as %s', (hint, shown) => {
    expect(maskedPhoneNumber(hint)).toBe(shown)
  })

  it('shows a hint of another shape unchanged, and nothing as nothing', () => {
    expect(maskedPhoneNumber('your phone')).toBe('your phone')
    expect(maskedPhoneNumber(null)).toBeNull()
    expect(maskedPhoneNumber(undefined)).toBeNull()
  })
})
