// Deterministic, plausible outputs for the fakes in demo mode (no keys): the same input always
// gives the same answer, so demo screens and tests are stable. Nothing here calls a network.
import { createHash } from 'node:crypto';

/** A stable 32-bit seed from text. */
export function seedOf(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

const pick = <T>(items: readonly T[], seed: number, offset = 0): T => items[(seed + offset) % items.length] as T;

const HOOKS = [
  'Stop scrolling: this one habit changed how I work.',
  'Nobody talks about the first 3 seconds, and that is why most videos flop.',
  'I tried this for 30 days so you do not have to.',
  'Here is the mistake 9 out of 10 creators make.',
  'What if everything you know about posting times is wrong?',
] as const;
const STYLES = ['educational', 'storytelling', 'listicle', 'behind-the-scenes', 'tutorial', 'opinion'] as const;
const CTAS = [
  'Follow for part 2.',
  'Save this for later and share it with a friend who needs it.',
  'Comment "guide" and I will send you the checklist.',
  'Try it today and tell me how it went.',
] as const;
const TRENDS = [
  'fast-cut jump edits',
  'on-screen captions',
  'trending audio remix',
  'POV framing',
  'before/after reveal',
  'green-screen commentary',
  'day-in-the-life format',
] as const;
const FALLBACK_TAGS = ['#creatortips', '#contentstrategy', '#growth', '#socialmedia', '#howto'] as const;

/** Words worth turning into hashtags (longest first, stable). */
function keywords(text: string, max: number): string[] {
  const words = text.toLowerCase().match(/[a-z][a-z0-9]{4,}/g) ?? [];
  const stop = new Set([
    'about',
    'which',
    'there',
    'their',
    'would',
    'could',
    'should',
    'these',
    'those',
    'where',
    'while',
    'return',
    'analyze',
    'analysis',
    'content',
    'please',
    'following',
  ]);
  const unique = [...new Set(words.filter((w) => !stop.has(w)))];
  return unique.sort((a, b) => b.length - a.length || a.localeCompare(b)).slice(0, max);
}

export interface DemoContentAnalysis {
  hook: string;
  body: string;
  cta: string;
  style: string;
  hashtags: string[];
  mentions: string[];
  engagement_score: number;
  trending_elements: string[];
}

/** A content analysis for a post or transcript. */
export function demoContentAnalysis(text: string): DemoContentAnalysis {
  const seed = seedOf(text);
  const ownTags = (text.match(/#[A-Za-z0-9_]+/g) ?? []).map((t) => t.toLowerCase());
  const generated = keywords(text, 3).map((w) => `#${w}`);
  const hashtags = [...new Set([...ownTags, ...generated, pick(FALLBACK_TAGS, seed)])].slice(0, 6);
  const mentions = [...new Set(text.match(/@[A-Za-z0-9_.]+/g) ?? [])].slice(0, 5);
  const firstSentence = text.split(/(?<=[.!?])\s+/)[0]?.trim() ?? '';
  return {
    hook: firstSentence.length >= 12 && firstSentence.length <= 140 ? firstSentence : pick(HOOKS, seed),
    body: `Walks through ${keywords(text, 2).join(' and ') || 'one practical idea'} in three quick beats with a concrete example.`,
    cta: pick(CTAS, seed, 1),
    style: pick(STYLES, seed, 2),
    hashtags,
    mentions,
    engagement_score: 55 + (seed % 41), // 55..95
    trending_elements: [pick(TRENDS, seed), pick(TRENDS, seed, 3)].filter((v, i, a) => a.indexOf(v) === i),
  };
}

/** A rewritten short-form script with hook, body and call to action. */
export function demoScriptRewrite(text: string): string {
  const seed = seedOf(text);
  const topic = keywords(text, 2).join(' & ') || 'this idea';
  return [
    `HOOK: ${pick(HOOKS, seed)}`,
    '',
    `BODY: Here is the short version of ${topic}. First, the problem most people miss. ` +
      'Second, the one change that fixes it. Third, a quick example you can copy today.',
    '',
    `CTA: ${pick(CTAS, seed, 1)}`,
  ].join('\n');
}

export interface DemoCitation {
  title: string;
  url: string;
  snippet: string;
  date: string;
}

export interface DemoResearch {
  text: string;
  citations: DemoCitation[];
}

/** Research perspectives (or trend analysis) on a topic, with numbered citations. */
export function demoResearch(topic: string): DemoResearch {
  const seed = seedOf(topic);
  const words = keywords(topic, 3);
  const slug = (words.join('-') || 'topic').slice(0, 60);
  const citations: DemoCitation[] = [
    {
      title: `What creators get wrong about ${words[0] ?? 'this topic'}`,
      url: `https://example.com/insights/${slug}`,
      snippet: 'Short-form audiences reward clarity in the first seconds.',
      date: '2026-08-14',
    },
    {
      title: `${words[1] ?? 'Audience'} trends report`,
      url: `https://example.org/reports/${slug}-trends`,
      snippet: 'Engagement shifted toward captioned, faceless formats.',
      date: '2026-07-02',
    },
    {
      title: `A contrarian take on ${words[2] ?? 'the trend'}`,
      url: `https://example.net/opinion/${slug}`,
      snippet: 'Saturation means differentiation matters more than volume.',
      date: '2026-09-01',
    },
  ];
  const momentum = ['rising', 'steady', 'cooling'][seed % 3];
  const text = [
    `Perspective 1 (practitioners): the topic is ${momentum}; creators who lead with a concrete outcome see more saves [1].`,
    `Perspective 2 (data): recent reports show captioned formats and short hooks outperforming [2].`,
    `Perspective 3 (contrarian): the space is crowded, so a distinct point of view beats posting more often [3].`,
  ].join('\n');
  return { text, citations };
}

/** A transcript for an audio file, its length following the audio duration. */
export function demoTranscript(seedText: string, durationSeconds: number | undefined): string {
  const sentences = [
    'Welcome back to the channel.',
    'Today I want to show you the one change that doubled my reach.',
    'It starts with the first three seconds of every video.',
    'Lead with the result, then explain how you got there.',
    'Keep captions on screen, because most people watch muted.',
    'And finish with one clear action for the viewer.',
  ];
  const seed = seedOf(seedText);
  // About one sentence per five seconds of audio, at least one.
  const count = Math.max(1, Math.min(60, Math.round((durationSeconds ?? 10) / 5)));
  return Array.from({ length: count }, (_, i) => pick(sentences, seed, i)).join(' ');
}

/** A generic, deterministic assistant reply for prompts that match no demo task. */
export function demoReply(prompt: string): string {
  const topic = keywords(prompt, 3).join(', ');
  return topic
    ? `Here is a concise answer about ${topic}: focus on one clear idea, show an example, and end with a next step.`
    : 'Hello! How can I help with your content today?';
}

export type DemoTask = 'analysis' | 'script' | 'research' | 'reply';

/** Guesses which demo output a prompt asks for. */
export function demoTaskFor(prompt: string): DemoTask {
  const p = prompt.toLowerCase();
  if (/\banaly[sz]/.test(p) || p.includes('engagement')) return 'analysis';
  if (/\b(rewrite|script)/.test(p)) return 'script';
  if (/\b(research|perspective|trend)/.test(p)) return 'research';
  return 'reply';
}

/**
 * A value matching a JSON schema (object/array/string/number/integer/boolean/enum), with known
 * content-analysis fields filled from `analysis`. Lets a json_schema request get a conforming answer.
 */
export function demoFromSchema(schema: unknown, analysis: DemoContentAnalysis, key = ''): unknown {
  const s = (typeof schema === 'object' && schema !== null ? schema : {}) as Record<string, unknown>;
  const known = (analysis as unknown as Record<string, unknown>)[key];
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, demoFromSchema(v, analysis, k)]));
    }
    case 'array':
      if (Array.isArray(known)) return known;
      return [0, 1].map(() => demoFromSchema(s.items, analysis, key));
    case 'integer':
    case 'number': {
      const min = typeof s.minimum === 'number' ? s.minimum : 0;
      const max = typeof s.maximum === 'number' ? s.maximum : 100;
      const base = typeof known === 'number' ? known : analysis.engagement_score;
      const value = Math.min(max, Math.max(min, max <= 1 ? base / 100 : max <= 10 ? Math.round(base / 10) : base));
      return type === 'integer' ? Math.round(value) : value;
    }
    case 'boolean':
      return true;
    case 'string':
      return typeof known === 'string'
        ? known
        : Array.isArray(known)
          ? known.join(' ')
          : `${key || 'value'}: ${analysis.style}`;
    default:
      return known ?? null;
  }
}
