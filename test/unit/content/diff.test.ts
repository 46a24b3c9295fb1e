import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffLines, splitLines } from '../../../main/content/diff';

function lcsLength(a: string[], b: string[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++)
      dp[i]![j] = a[i - 1] === b[j - 1] ? dp[i - 1]![j - 1]! + 1 : Math.max(dp[i - 1]![j]!, dp[i]![j - 1]!);
  }
  return dp[a.length]![b.length]!;
}

describe('script line diff', () => {
  it('marks changed lines with their line numbers on each side', () => {
    const from = 'Hook: stop scrolling\nBody: three tips\nCTA: follow\n';
    const to = 'Hook: stop scrolling\nBody: five tips\nBody: with examples\nCTA: follow\n';
    expect(diffLines(from, to)).toEqual([
      { op: 'equal', text: 'Hook: stop scrolling', fromLine: 1, toLine: 1 },
      { op: 'remove', text: 'Body: three tips', fromLine: 2, toLine: null },
      { op: 'add', text: 'Body: five tips', fromLine: null, toLine: 2 },
      { op: 'add', text: 'Body: with examples', fromLine: null, toLine: 3 },
      { op: 'equal', text: 'CTA: follow', fromLine: 3, toLine: 4 },
    ]);
  });

  it('handles empty sides and CRLF', () => {
    expect(diffLines('', '')).toEqual([]);
    expect(diffLines('', 'a')).toEqual([{ op: 'add', text: 'a', fromLine: null, toLine: 1 }]);
    expect(diffLines('a\r\nb', 'a\nb\n').every((l) => l.op === 'equal')).toBe(true);
  });

  it('rebuilds both versions and keeps as many lines as the longest common subsequence', () => {
    const text = fc.array(fc.constantFrom('a', 'b', 'c', 'd', ''), { maxLength: 40 }).map((lines) => lines.join('\n'));
    fc.assert(
      fc.property(text, text, (from, to) => {
        const d = diffLines(from, to);
        expect(d.filter((l) => l.op !== 'add').map((l) => l.text)).toEqual(splitLines(from));
        expect(d.filter((l) => l.op !== 'remove').map((l) => l.text)).toEqual(splitLines(to));
        expect(d.filter((l) => l.op === 'equal')).toHaveLength(lcsLength(splitLines(from), splitLines(to)));
      }),
      { numRuns: 300 },
    );
  });

  it('stays correct (if not minimal) beyond the edit budget', () => {
    const from = Array.from({ length: 3_000 }, (_, i) => `old ${i}`).join('\n');
    const to = Array.from({ length: 3_000 }, (_, i) => `new ${i}`).join('\n');
    const d = diffLines(from, to);
    expect(d.filter((l) => l.op === 'remove')).toHaveLength(3_000);
    expect(d.filter((l) => l.op === 'add')).toHaveLength(3_000);
  });
});
