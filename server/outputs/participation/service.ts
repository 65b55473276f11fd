/**
 * Participation for the rest of the server: the recorder the transports feed, and the figures of
 * a board for the moderator (every visible card), the public page and the exports. A board's
 * counters are flushed before they are read, so the figures include this instance's last second.
 */
import type { Logger } from 'pino';
import type { ParticipationFigures } from '../../../src/lib/protocol/participation.js';
import type { BoardRegistry } from '../../sync/registry.js';
import { boardFacts } from './board-facts.js';
import { buildFigures } from './figures.js';
import type { ParticipationStore } from './participation-store.js';
import { createParticipationRecorder, type ParticipationRecorder } from './recorder.js';

export interface ParticipationService {
  recorder: ParticipationRecorder;
  figures(boardId: string): Promise<ParticipationFigures>;
  /** The figures for anyone (the public page): computed at most once per PUBLIC_CACHE_MS and board. */
  publicFigures(boardId: string): Promise<ParticipationFigures>;
  isPublic(boardId: string): Promise<boolean>;
  setPublic(boardId: string, on: boolean): Promise<void>;
  /** For an export: always for the moderator's, for a public one only when the moderator made them public. */
  forExport(boardId: string, full: boolean): Promise<ParticipationFigures | null>;
  /** After an event's purge: the board's counters, and what this instance had pending. */
  deleteBoard(boardId: string): Promise<void>;
}

/** How long the public page's figures are reused: readers without a token cannot make the server recount. */
export const PUBLIC_CACHE_MS = 5000;
const MAX_CACHED = 1000;

export function createParticipationService(options: { store: ParticipationStore; logger: Logger; flushMs?: number }): ParticipationService & {
  bind(registry: BoardRegistry): void;
} {
  const { store } = options;
  const recorder = createParticipationRecorder({ store, logger: options.logger, flushMs: options.flushMs });
  let registry: BoardRegistry | null = null;

  async function figures(boardId: string): Promise<ParticipationFigures> {
    if (!registry) throw new Error('participation: no registry bound');
    await recorder.flush(boardId);
    const counters = await store.read(boardId);
    // Visible cards only, and votes on them: the moderator sees the same figures as the public.
    const facts = await registry.withBoard(boardId, (b) => boardFacts(b.full.doc, b.queue.doc));
    return buildFigures(counters, facts);
  }

  const cache = new Map<string, { at: number; figures: Promise<ParticipationFigures> }>();
  function publicFigures(boardId: string): Promise<ParticipationFigures> {
    const now = Date.now();
    const held = cache.get(boardId);
    if (held && now - held.at < PUBLIC_CACHE_MS) return held.figures;
    if (cache.size >= MAX_CACHED) cache.clear();
    const fresh = figures(boardId);
    cache.set(boardId, { at: now, figures: fresh });
    fresh.catch(() => cache.delete(boardId));
    return fresh;
  }

  return {
    recorder,
    bind: (r) => void (registry = r),
    figures,
    publicFigures,
    isPublic: async (boardId) => (await store.read(boardId)).public,
    setPublic: (boardId, on) => store.setPublic(boardId, on),
    async forExport(boardId, full) {
      if (!full && !(await store.read(boardId)).public) return null;
      return figures(boardId);
    },
    async deleteBoard(boardId) {
      cache.delete(boardId);
      recorder.discard(boardId);
      await store.deleteBoard(boardId);
    }
  };
}
