// A demo content analysis of what an analysis prompt is about, not of its instructions: the analyse step labels
// the piece's material ("Title:", "Description:", "Transcript:", "Tags:"), so the fakes read those sections and
// derive the hook, CTA, hashtags and mentions from them. Deterministic: the same piece gets the same answer.
import { demoContentAnalysis, type DemoContentAnalysis } from './demo-content';

const SECTION = /^(Title|Description|Transcript|Tags):[ \t]*/gm;
const MAX_HOOK_CHARS = 140;
const CTA_WORDS = /\b(follow|comment|save|share|subscribe|link in bio|try it|sign up|download|join)\b/i;

type Section = 'Title' | 'Description' | 'Transcript' | 'Tags';

/** The labelled sections of a prompt, each running to the next label (a transcript may span lines). */
export function promptSections(prompt: string): Partial<Record<Section, string>> {
  const marks = [...prompt.matchAll(SECTION)];
  const out: Partial<Record<Section, string>> = {};
  marks.forEach((m, i) => {
    const end = marks[i + 1]?.index ?? prompt.length;
    const text = prompt.slice(m.index + m[0].length, end).trim();
    if (text) out[m[1] as Section] = text;
  });
  return out;
}

const sentences = (text: string): string[] =>
  text
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** At most MAX_HOOK_CHARS, cut at a word boundary. */
function clip(text: string): string {
  if (text.length <= MAX_HOOK_CHARS) return text;
  const cut = text.slice(0, MAX_HOOK_CHARS - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 1))}…`;
}

/**
 * The analysis of the piece a prompt carries: the hook is the transcript's first sentence (else the
 * description's, else the title), the CTA its last sentence when that asks for something, and hashtags come
 * from the piece's own #tags, its Tags line and its words. A prompt without labelled material is analysed whole.
 */
export function demoAnalysisFor(prompt: string): DemoContentAnalysis {
  const s = promptSections(prompt);
  const material = [s.Title, s.Description, s.Transcript].filter(Boolean).join('\n');
  if (!material) return demoContentAnalysis(prompt);
  const base = demoContentAnalysis(material);
  const spoken = sentences(s.Transcript ?? s.Description ?? '');
  const hook = clip(spoken[0] ?? s.Title ?? base.hook);
  const last = spoken.length > 1 ? (spoken.at(-1) ?? '') : '';
  const tagged = (s.Tags ?? '')
    .split(',')
    .map((t) =>
      t
        .trim()
        .toLowerCase()
        .replace(/[^a-z0-9_]/g, ''),
    )
    .filter(Boolean)
    .map((t) => `#${t}`);
  return {
    ...base,
    hook,
    body: spoken.length > 2 ? `Then: ${clip(spoken[1] ?? '')} ${base.body}` : base.body,
    cta: CTA_WORDS.test(last) ? clip(last) : base.cta,
    hashtags: [...new Set([...tagged, ...base.hashtags])].slice(0, 6),
  };
}
