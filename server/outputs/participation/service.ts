/**
 * Participation for the rest of the server: the recorder the transports feed, and the figures of
 * a board for the moderator (every visible card), the public page and the exports. A board's
 * counters are flushed before they are read, so the figures include this instance's last second.
 */
import type { Logger } from 'pino';
import { publicContent, readContent } from '../../../src/lib/board/content.js';
import { readSubmissions } from '../../../src/lib/board/queue.js';
import type { ParticipationFigures } from '../../../src/lib/protocol/participation.js';
import type { BoardRegistry } from '../../sync/registry.js';
import { buildFigures } from './figures.js';
import type { ParticipationStore } from './participation-store.js';
import { createParticipationRecorder, type ParticipationRecorder } from './recorder.js';

export interface ParticipationService {
  recorder: ParticipationRecorder;
  figures(boardId: string): Promise<ParticipationFigures>;
  isPublic(boardId: string): Promise<boolean>;
  setPublic(boardId: string, on: boolean): Promise<void>;
  /** For an export: always for the moderator's, for a public one only when the moderator made them public. */
  forExport(boardId: string, full: boolean): Promise<ParticipationFigures | null>;
  /** After an event's purge: the board's counters, and what this instance had pending. */
  deleteBoard(boardId: string): Promise<void>;
}

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
    // publicContent: votes on hidden cards are not counted either; the moderator sees the same figures as the public.
    const { content, submissions } = await registry.withBoard(boardId, (b) => ({ content: publicContent(readContent(b.full.doc)), submissions: readSubmissions(b.queue.doc) }));
    return buildFigures(counters, content, submissions);
  }

  return {
    recorder,
    bind: (r) => void (registry = r),
    figures,
    isPublic: async (boardId) => (await store.read(boardId)).public,
    setPublic: (boardId, on) => store.setPublic(boardId, on),
    async forExport(boardId, full) {
      if (!full && !(await store.read(boardId)).public) return null;
      return figures(boardId);
    },
    async deleteBoard(boardId) {
      recorder.discard(boardId);
      await store.deleteBoard(boardId);
    }
  };
}
