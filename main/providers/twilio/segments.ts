// SMS segment count, as carriers bill it: GSM-7 holds 160 septets in one message or 153 per part of a
// concatenated one (extension characters such as € and { take two septets and never straddle parts); any
// character outside GSM-7 switches the whole message to UCS-2: 70 UTF-16 units alone or 67 per part (an
// emoji's surrogate pair never straddles parts). Used for the estimate before Twilio prices the message.

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '\f^{}\\[~]|€';
const BASIC = new Set(GSM7_BASIC);
const EXTENSION = new Set(GSM7_EXTENSION);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentCount {
  encoding: SmsEncoding;
  segments: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
}

/** Greedy packing of item sizes into parts of `perPart`, no item split. */
function pack(sizes: number[], perPart: number): number {
  let parts = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > perPart) {
      parts++;
      used = 0;
    }
    used += size;
  }
  return parts;
}

export function countSegments(body: string): SegmentCount {
  const chars = [...body];
  const gsm = chars.every((c) => BASIC.has(c) || EXTENSION.has(c));
  if (gsm) {
    const sizes = chars.map((c) => (EXTENSION.has(c) ? 2 : 1));
    const units = sizes.reduce((a, b) => a + b, 0);
    return { encoding: 'GSM-7', units, segments: units === 0 ? 1 : units <= 160 ? 1 : pack(sizes, 153) };
  }
  const sizes = chars.map((c) => c.length); // 2 for characters outside the BMP
  const units = sizes.reduce((a, b) => a + b, 0);
  return { encoding: 'UCS-2', units, segments: units <= 70 ? 1 : pack(sizes, 67) };
}
