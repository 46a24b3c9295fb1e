// Splits a long script into pieces that each fit one TTS request, at sentence boundaries (Intl.Segmenter,
// so "Dr. Smith" and non-Latin punctuation are handled), falling back to word boundaries for a run-on
// sentence and to a hard cut only for a single "word" longer than the limit. Lengths are in code points,
// as ElevenLabs counts them.
import { countCharacters } from './usage';

function segments(text: string, granularity: 'sentence' | 'word', locale?: string): string[] {
  return Array.from(new Intl.Segmenter(locale, { granularity }).segment(text), (s) => s.segment);
}

function hardCut(text: string, max: number): string[] {
  const points = [...text];
  const out: string[] = [];
  for (let i = 0; i < points.length; i += max) out.push(points.slice(i, i + max).join(''));
  return out;
}

/** Greedily packs consecutive pieces into chunks of at most `max` code points. */
function pack(pieces: string[], max: number, split: (piece: string) => string[]): string[] {
  const chunks: string[] = [];
  let current = '';
  let currentLength = 0;
  const flush = () => {
    if (current.trim() !== '') chunks.push(current.trim());
    current = '';
    currentLength = 0;
  };
  for (const piece of pieces) {
    const length = countCharacters(piece);
    if (length > max) {
      flush();
      chunks.push(...split(piece));
      continue;
    }
    // Leading/trailing whitespace is trimmed at flush, so it does not count against the limit.
    if (currentLength + countCharacters(piece.trimEnd()) > max) flush();
    current += piece;
    currentLength += length;
  }
  flush();
  return chunks;
}

/**
 * Returns chunks of at most `maxCharacters` each, in order. Joining them with single spaces gives back
 * the script's words in order (whitespace at chunk edges is dropped).
 */
export function splitScript(text: string, maxCharacters: number, locale?: string): string[] {
  if (!Number.isInteger(maxCharacters) || maxCharacters < 1)
    throw new RangeError('maxCharacters must be a positive integer');
  if (countCharacters(text.trim()) <= maxCharacters) return text.trim() === '' ? [] : [text.trim()];
  const byWord = (sentence: string) =>
    pack(segments(sentence, 'word', locale), maxCharacters, (word) => hardCut(word, maxCharacters));
  return pack(segments(text, 'sentence', locale), maxCharacters, byWord);
}
