// An estimate shown after "≤" never reads lower than the estimate: rounded up in its last shown digit, in every
// dollar display mode.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';

const mode = vi.hoisted(() => ({ current: 'auto' as 'auto' | 'cents' | 'precise' }));
vi.mock('../../../renderer/src/state/preferences', () => ({ currencyDisplay: () => mode.current }));
const { formatUpperBound } = await import('../../../renderer/src/components/format');

const dollars = (s: string) => Number(s.replace(/[$,]/g, ''));

describe('formatUpperBound', () => {
  it('reads $0.02 for a $0.014 bound (auto), and never less than the bound in any mode', () => {
    mode.current = 'auto';
    expect(formatUpperBound(14_000_000)).toBe('$0.02');
    expect(formatUpperBound(10_000_000)).toBe('$0.01');
    expect(formatUpperBound(4_210_000)).toBe('$0.0043');
    expect(formatUpperBound(null)).toBe('—');
    for (const m of ['auto', 'cents', 'precise'] as const) {
      mode.current = m;
      fc.assert(
        fc.property(fc.integer({ min: 1_000, max: 5_000_000_000_000 }), (nanos) => {
          expect(dollars(formatUpperBound(nanos)) * 1e9).toBeGreaterThanOrEqual(nanos - 1e-3);
        }),
        { numRuns: 300, seed: 17 },
      );
    }
  });
});
