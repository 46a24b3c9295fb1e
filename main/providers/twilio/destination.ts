// What a send costs depends on where it goes. The bundled price table holds US/Canada (+1) list prices; every
// other destination is priced under its own model id, "<kind>:+<country code>" (sms:+44, voice:+353), which has
// no bundled price: the user sets one on the Prices screen (a price override for that model, or "sms:*" for all
// international SMS), or a per-operation cap bounds it. Without either it is unpriced until Twilio's own price
// arrives, and refused under a hard budget.

export type TwilioKind = 'sms' | 'mms' | 'voice';

/** Two-digit ITU-T E.164 country codes; 1 and 7 are the one-digit zones, every other code has three digits. */
const TWO_DIGIT_CODES = new Set(
  '20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98'.split(
    ' ',
  ),
);

/** The country calling code of an E.164 number, with its plus ("+1", "+44", "+353"); null when not E.164. */
export function callingCode(e164: string): string | null {
  const digits = /^\+([1-9]\d{1,14})$/.exec(e164)?.[1];
  if (digits === undefined) return null;
  if (digits[0] === '1' || digits[0] === '7') return `+${digits[0]}`;
  return `+${TWO_DIGIT_CODES.has(digits.slice(0, 2)) ? digits.slice(0, 2) : digits.slice(0, 3)}`;
}

/**
 * The model a send is priced under: the plain kind for +1 numbers (the bundled US table; other NANP countries,
 * such as the Caribbean, bill more and are not told apart here), "<kind>:+<code>" elsewhere. A missing or
 * non-E.164 number (a sender's reply without `to`) keeps the plain kind.
 */
export function priceModel(kind: TwilioKind, to: string | null | undefined): string {
  const code = to ? callingCode(to) : null;
  return code === null || code === '+1' ? kind : `${kind}:${code}`;
}
