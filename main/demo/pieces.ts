// A few pieces in the demo library, so the Workflows screen has something to open before anything is added.
// Their ids are the ones the seeded ledger history names (demo-content-N), so their spend shows per piece.
import type { ContentCreate } from '../../preload/contract/content';
import type { PieceStore } from '../content/pieces';

const PIECES: ContentCreate[] = [
  {
    title: 'Why I stopped posting daily',
    platform: 'youtube',
    url: 'https://www.youtube.com/watch?v=demo-daily',
    description: 'A ten-minute talk about trading a daily upload for one well-researched video a week.',
    transcript:
      'I posted every day for a year. Here is what it cost me and what changed when I stopped.\nViews dipped for three weeks, then the weekly videos out-performed the daily ones.\nIf you are burning out, try one deep video a week for a month and compare.',
    tags: ['creator economy', 'burnout'],
    sourceFileId: null,
  },
  {
    title: 'Three hooks that doubled my retention',
    platform: 'tiktok',
    url: null,
    description: 'Short: open loops, a bold number, and showing the result first.',
    transcript:
      'Stop scrolling: this one change doubled my watch time.\nHook one: show the result first. Hook two: a number nobody expects. Hook three: an open question.\nFollow for the breakdown of each.',
    tags: ['hooks', 'retention'],
    sourceFileId: null,
  },
  {
    title: 'Pricing your first sponsorship',
    platform: 'podcast',
    url: null,
    description: 'Episode notes: CPM ranges, flat fees and what to ask a sponsor before quoting.',
    transcript: '',
    tags: ['sponsorship', 'money'],
    sourceFileId: null,
  },
  {
    title: 'My editing setup in 2026',
    platform: 'blog',
    url: 'https://example.com/blog/editing-setup',
    description: 'The tools, presets and AI steps I use to go from a raw recording to a finished short.',
    transcript: '',
    tags: ['tools', 'workflow'],
    sourceFileId: null,
  },
];

/** Adds the demo pieces unless the library already has demo pieces; returns how many were added. */
export function seedDemoPieces(pieces: PieceStore): number {
  if (pieces.list({ demo: true, limit: 1, offset: 0 }).total > 0) return 0;
  for (const [i, p] of PIECES.entries()) pieces.create(p, { demo: true, id: `demo-content-${i}` });
  return PIECES.length;
}
