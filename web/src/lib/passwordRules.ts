// Mirrors the API's rule so people learn about it before a round trip; the
// API stays the authority.
export const PASSWORD_MIN_LENGTH = 12
export const PASSWORD_MAX_LENGTH = 128

export const PASSWORD_RULE_HINT = `Use ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters.`

export const passwordValidation = {
  required: { value: true, message: 'Password is required' },
  minLength: {
    value: PASSWORD_MIN_LENGTH,
    message: `Password must be at least ${PASSWORD_MIN_LENGTH} characters`,
  },
  maxLength: {
    value: PASSWORD_MAX_LENGTH,
    message: `Password must be at most ${PASSWORD_MAX_LENGTH} characters`,
  },
}

export const emailValidation = {
  required: { value: true, message: 'Email is required' },
  pattern: {
    value: /^[^\s@]+@[^\s@]+$/,
    message: 'Enter an email address like name@example.com',
  },
}
