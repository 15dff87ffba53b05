import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { validation } from '../../../http/errors.js';

/**
 * A typed phone number (`+1 415-555-0100`, `+44 (0)20 7946 0123`) → E.164 (`+14155550100`), or a 400
 * naming `field`. Uses libphonenumber's full metadata: the number must be a valid number of its
 * country's plan, not merely the right length; an extension is refused (a DID has none).
 */
export function toE164(input: string, field = 'e164'): string {
  const p = parsePhoneNumberFromString(input.trim());
  if (!p) throw validation('Not a phone number', [{ field, message: 'Not a phone number: use + and the country code, e.g. +1 415-555-0100' }]);
  if (p.ext) throw validation('A phone number with an extension', [{ field, message: 'A number with an extension cannot be a DID' }]);
  if (!p.isValid()) throw validation('Not a valid phone number', [{ field, message: `Not a valid number in the numbering plan of +${p.countryCallingCode}` }]);
  return p.number;
}
