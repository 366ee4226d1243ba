import { useState } from 'react'

import type { CountryCode } from 'libphonenumber-js/min'

import { Form, SelectField, TelField, useForm } from '@redwoodjs/forms'

import Button from 'src/components/ui/Button'
import Field from 'src/components/ui/Field'
import {
  countryName,
  countryOf,
  countryOptions,
  examplePhoneNumber,
  formatAsYouType,
  guessCountry,
  isCountryCode,
  toE164,
} from 'src/lib/phoneNumbers'
import { describeTwoFactorError } from 'src/lib/twoFactorErrors'

interface PhoneForm {
  country: CountryCode
  phone: string
}

export interface PhoneNumberFormProps {
  /** Receives the number in E.164, the only form the API accepts. */
  onSubmit: (e164: string) => unknown
  onCancel?: () => void
  saving?: boolean
  error?: unknown
  defaultCountry?: CountryCode
  submitLabel?: string
  /** Under the field: what happens to the number. */
  hint?: string
}

/**
 * The server's refusal in the form's words; a refused country is named
 * (the form knows which number it sent).
 */
export const phoneErrorMessage = (
  error: unknown,
  submitted: string | null
): string | null => {
  if (!error) {
    return null
  }
  const { code, message } = describeTwoFactorError(error)
  const country = submitted ? countryOf(submitted) : null
  if (code === 'SMS_DESTINATION_NOT_ALLOWED' && country) {
    return `We cannot send text messages to numbers in ${countryName(
      country
    )}. Use a mobile number from another country, or an authenticator app.`
  }
  return message
}

const PhoneNumberForm = ({
  onSubmit,
  onCancel,
  saving = false,
  error,
  defaultCountry,
  submitLabel = 'Save number',
  hint = 'We will text a 6-digit code to this number to check it reaches you.',
}: PhoneNumberFormProps) => {
  const formMethods = useForm<PhoneForm>({
    defaultValues: { country: defaultCountry ?? guessCountry(), phone: '' },
  })
  const [lastLength, setLastLength] = useState(0)
  const [submitted, setSubmitted] = useState<string | null>(null)
  const country = formMethods.watch('country')
  const example = isCountryCode(country) ? examplePhoneNumber(country) : null

  const onPhoneChange = (event: React.ChangeEvent<HTMLInputElement>) => {
    const value = event.target.value
    // Reformatting while deleting would re-add the ")" or space the person
    // just removed, so only format as characters are added.
    if (value.length > lastLength) {
      const country = formMethods.getValues('country')
      const { formatted, detectedCountry } = formatAsYouType(value, country)
      formMethods.setValue('phone', formatted)
      if (detectedCountry && detectedCountry !== country) {
        formMethods.setValue('country', detectedCountry)
      }
      setLastLength(formatted.length)
    } else {
      setLastLength(value.length)
    }
  }

  const submit = (data: PhoneForm) => {
    const e164 = toE164(data.phone, data.country)
    if (e164) {
      setSubmitted(e164)
      onSubmit(e164)
    }
  }

  const serverMessage = phoneErrorMessage(error, submitted)

  return (
    <Form<PhoneForm>
      noValidate
      formMethods={formMethods}
      onSubmit={submit}
      className="space-y-4"
    >
      <Field name="country" label="Country">
        {(control) => (
          <SelectField
            name="country"
            {...control}
            validation={{ validate: (value) => isCountryCode(value) }}
          >
            {countryOptions().map((option) => (
              <option key={option.code} value={option.code}>
                {option.name} (+{option.callingCode})
              </option>
            ))}
          </SelectField>
        )}
      </Field>

      <Field
        name="phone"
        label="Mobile number"
        hint={hint}
        error={serverMessage}
      >
        {(control) => (
          <TelField
            name="phone"
            {...control}
            autoComplete="tel"
            inputMode="tel"
            placeholder={example ? `e.g. ${example}` : undefined}
            onChange={onPhoneChange}
            validation={{
              required: { value: true, message: 'Enter your mobile number' },
              validate: (value: string) =>
                toE164(value, formMethods.getValues('country'))
                  ? true
                  : `That is not a valid number for ${countryName(
                      formMethods.getValues('country')
                    )}. Check the country and the digits.`,
            }}
          />
        )}
      </Field>

      <div className="flex flex-wrap items-center gap-3 pt-1">
        <Button
          type="submit"
          variant="primary"
          busy={saving}
          busyLabel="Saving…"
        >
          {submitLabel}
        </Button>
        {onCancel && (
          <Button variant="link" onClick={onCancel}>
            Cancel
          </Button>
        )}
      </div>
    </Form>
  )
}

export default PhoneNumberForm
