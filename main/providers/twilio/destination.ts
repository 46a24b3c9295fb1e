// What a send costs depends on where it goes. The bundled price table holds US/Canada (+1) list prices; every
// other destination is priced under its own model id, "<kind>:+<country code>" (sms:+44, voice:+353; for +1
// numbers outside the US and Canada, "<kind>:+1-<area code>", sms:+1-876), which has
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
 * NANP area codes of countries other than the US and Canada (the Caribbean and Bermuda), which Twilio bills at
 * their own, higher rates. US territories (340 USVI, 670 Northern Mariana Islands, 671 Guam, 684 American Samoa,
 * 787/939 Puerto Rico) are not listed: they stay at the US price.
 */
const NANP_ELSEWHERE = new Set(
  '242 246 264 268 284 345 441 473 649 658 664 721 758 767 784 809 829 849 868 869 876'.split(' '),
);

/**
 * Where a number is priced: its calling code ("+44"), or for a +1 number outside the US and Canada the code with
 * its area code ("+1-876", Jamaica); plain "+1" for the US, Canada and US territories. Null when not E.164.
 */
export function pricingDestination(e164: string): string | null {
  const code = callingCode(e164);
  if (code !== '+1') return code;
  const area = e164.slice(2, 5);
  return NANP_ELSEWHERE.has(area) ? `+1-${area}` : '+1';
}

/**
 * The model a send is priced under: the plain kind for the US, Canada and US territories (the bundled US table),
 * "<kind>:<destination>" elsewhere ("sms:+44", "sms:+1-876"). A missing or non-E.164 number (a sender's reply
 * without `to`) keeps the plain kind.
 */
export function priceModel(kind: TwilioKind, to: string | null | undefined): string {
  const where = to ? pricingDestination(to) : null;
  return where === null || where === '+1' ? kind : `${kind}:${where}`;
}
