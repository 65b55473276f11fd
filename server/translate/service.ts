/**
 * Card translation, server-initiated only: nobody in the hall can ask for a translation, so
 * nobody can make the server hammer the translator. A registry load hook watches each board
 * (watch.ts); each changed text becomes one job (scheduler.ts) that translates it into the UI
 * languages (translate-text.ts) and stores the result beside the text with a board command
 * (src/lib/board/translation-commands.ts): cards in the full document, from where the
 * projection publishes them; pending submissions in the moderator-only queue document.
 */
import type { Logger } from 'pino';
import { cardsMap, readCard } from '../../src/lib/board/layout.js';
import { findSubmission } from '../../src/lib/board/queue.js';
import { setCardTranslations, setSubmissionTranslations } from '../../src/lib/board/translation-commands.js';
import type { TextTranslations } from '../../src/lib/board/translations.js';
import type { RateLimiters } from '../limits/rate-limiter.js';
import type { LoadedBoard } from '../sync/registry.js';
import type { TranslateConfig } from './config.js';
import { createScheduler } from './scheduler.js';
import { createTextTranslator } from './translate-text.js';
import type { Translator } from './translator.js';
import { TRANSLATE_ORIGIN, watchCards, watchSubmissions } from './watch.js';

export interface TranslationServiceOptions {
  translator: Translator;
  config: TranslateConfig;
  limiters: RateLimiters;
  logger: Logger;
}

export interface TranslationService {
  /** The registry's load hook: watches the board until it unloads. */
  onLoad(board: LoadedBoard): () => void;
  /** Resolves once no translation waits or runs (tests, shutdown). */
  idle(): Promise<void>;
  close(): void;
}

export function createTranslationService(options: TranslationServiceOptions): TranslationService {
  const { config, logger } = options;
  const budget = options.limiters.limiter('translate-board', { capacity: config.perBoardPerMinute * 2, perSecond: config.perBoardPerMinute / 60 });
  const translateText = createTextTranslator({ translator: options.translator, config, budget, logger });
  const scheduler = createScheduler({ concurrency: config.concurrency, maxQueued: config.maxQueued, settleMs: config.settleMs });
  const loaded = new Set<LoadedBoard>();

  /** One job: read the text now (the latest edit), translate, store if the text is still the same. */
  function job(board: LoadedBoard, read: () => string | null, write: (t: TextTranslations) => boolean): () => Promise<void> {
    return async () => {
      const text = loaded.has(board) ? read() : null;
      if (text === null || text.trim() === '') return;
      const outcome = await translateText(board.boardId, text);
      if (outcome.kind !== 'done' || !loaded.has(board)) return;
      if (!write(outcome.translations)) logger.debug({ board: board.boardId }, 'translation dropped: the text changed meanwhile');
    };
  }

  function enqueue(key: string, run: () => Promise<void>): void {
    if (!scheduler.schedule(key, run)) logger.warn({ key }, 'translation queue full; the text stays untranslated');
  }

  return {
    onLoad(board) {
      loaded.add(board);
      const { full, queue } = { full: board.full.doc, queue: board.queue.doc };
      const cardText = (id: string): string | null => {
        const entry = cardsMap(full).get(id);
        return entry ? readCard(id, entry).text : null;
      };
      const pendingText = (id: string): string | null => {
        const s = findSubmission(queue, id);
        return s?.status === 'pending' ? s.content.text : null;
      };
      const stopCards = watchCards(full, (ids) => {
        for (const id of ids)
          enqueue(
            `${board.boardId}\u0000card\u0000${id}`,
            job(
              board,
              () => cardText(id),
              (t) => setCardTranslations(full, id, t, TRANSLATE_ORIGIN)
            )
          );
      });
      const stopSubmissions = watchSubmissions(queue, (ids) => {
        for (const id of ids)
          enqueue(
            `${board.boardId}\u0000submission\u0000${id}`,
            job(
              board,
              () => pendingText(id),
              (t) => setSubmissionTranslations(queue, id, t, TRANSLATE_ORIGIN)
            )
          );
      });
      return () => {
        loaded.delete(board);
        stopCards();
        stopSubmissions();
        scheduler.drop(`${board.boardId}\u0000`);
      };
    },
    idle: () => scheduler.idle(),
    close: () => scheduler.close()
  };
}
