import { describe, expect, it } from 'vitest';
import { priceModel, pricingDestination } from '../../../../main/providers/twilio/destination';

describe('Twilio pricing destination', () => {
  it('every NANP area code outside the US and Canada is its own destination', () => {
    const elsewhere = '242 246 264 268 284 345 441 473 649 658 664 721 758 767 784 809 829 849 868 869 876'.split(' ');
    for (const area of elsewhere) {
      expect(pricingDestination(`+1${area}5550123`)).toBe(`+1-${area}`);
      expect(priceModel('sms', `+1${area}5550123`)).toBe(`sms:+1-${area}`);
      expect(priceModel('voice', `+1${area}5550123`)).toBe(`voice:+1-${area}`);
    }
  });

  it('the US, Canada and US territories keep the plain (US-priced) model', () => {
    // New York, Toronto, Vancouver, USVI, Northern Marianas, Guam, American Samoa, Puerto Rico.
    for (const area of ['212', '416', '604', '340', '670', '671', '684', '787', '939']) {
      expect(pricingDestination(`+1${area}5550123`)).toBe('+1');
      expect(priceModel('mms', `+1${area}5550123`)).toBe('mms');
    }
  });

  it('other countries keep their calling code; a missing or malformed number keeps the plain kind', () => {
    expect(priceModel('sms', '+447700900123')).toBe('sms:+44');
    expect(priceModel('sms', '+35312345678')).toBe('sms:+353');
    expect(priceModel('sms', null)).toBe('sms');
    expect(priceModel('sms', '876-555-0123')).toBe('sms');
  });
});
