// Line diff for script versions: Myers' O((N+M)·D) algorithm on the lines left after trimming the
// common prefix and suffix. No diff library is installed, and script bodies are small.
import type { DiffLine } from '../../preload/contract/content';

type Op = 'equal' | 'add' | 'remove';

/** Above this many edits the middle is shown as "all removed, all added" (correct, not minimal): the trace grows as D², ~16 MB at 2,000. */
const MAX_EDITS = 2_000;

export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Shortest edit script from a to b, as one op per line, in order. */
function myers(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  if (n === 0) return Array<Op>(m).fill('add');
  if (m === 0) return Array<Op>(n).fill('remove');
  // v[k] = furthest x on diagonal k; trace[d] keeps v for k in [-d-1, d+1] as it was before round d.
  const v = new Map<number, number>([[1, 0]]);
  const trace: Int32Array[] = [];
  let done = false;
  for (let d = 0; d <= Math.min(n + m, MAX_EDITS) && !done; d++) {
    const snapshot = new Int32Array(2 * d + 3);
    for (let k = -d - 1; k <= d + 1; k++) snapshot[k + d + 1] = v.get(k) ?? 0;
    trace.push(snapshot);
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v.get(k - 1) ?? 0) < (v.get(k + 1) ?? 0));
      let x = down ? (v.get(k + 1) ?? 0) : (v.get(k - 1) ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v.set(k, x);
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
  }
  if (!done) return [...Array<Op>(n).fill('remove'), ...Array<Op>(m).fill('add')];

  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const row = trace[d] ?? [];
    const at = (k: number) => row[k + d + 1] ?? 0;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push('equal');
      x--;
      y--;
    }
    if (d > 0) ops.push(x === prevX ? 'add' : 'remove');
    x = prevX;
    y = prevY;
  }
  return ops.reverse();
}

export function diffLines(from: string, to: string): DiffLine[] {
  const a = splitLines(from);
  const b = splitLines(to);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const ops: Op[] = [
    ...Array<Op>(head).fill('equal'),
    ...myers(a.slice(head, a.length - tail), b.slice(head, b.length - tail)),
    ...Array<Op>(tail).fill('equal'),
  ];
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  for (const op of ops) {
    if (op === 'equal') out.push({ op, text: a[i] ?? '', fromLine: ++i, toLine: ++j });
    else if (op === 'remove') out.push({ op, text: a[i] ?? '', fromLine: ++i, toLine: null });
    else out.push({ op, text: b[j] ?? '', fromLine: null, toLine: ++j });
  }
  return out;
}

/** Two versions' line diff with its counts, as the scripts and transcripts `diff` channels answer it. */
export function versionDiff(
  from: number,
  to: number,
  fromBody: string,
  toBody: string,
): { from: number; to: number; added: number; removed: number; lines: DiffLine[] } {
  const lines = diffLines(fromBody, toBody);
  return {
    from,
    to,
    added: lines.filter((l) => l.op === 'add').length,
    removed: lines.filter((l) => l.op === 'remove').length,
    lines,
  };
}
