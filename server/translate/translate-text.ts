/**
 * Translates one text into the target languages: the first request lets the service detect the
 * source language, the others name it; a target equal to the source is skipped. Each request
 * has a deadline; the board's budget (a shared token bucket) is charged before any request; a
 * failure pauses this instance's requests for a while and leaves the text untranslated.
 * Results are cached by text fingerprint, so an approved submission's card reuses the
 * translations the moderator already saw.
 */
import type { Logger } from 'pino';
import { textFingerprint, type TextTranslations } from '../../src/lib/board/translations.js';
import type { RateLimiter } from '../limits/rate-limiter.js';
import type { TranslateConfig } from './config.js';
import { TranslatorError, type Translator } from './translator.js';

export interface TextTranslatorOptions {
  translator: Translator;
  config: TranslateConfig;
  budget: RateLimiter;
  logger: Logger;
  now?: () => number;
}

export type TranslateOutcome =
  { kind: 'done'; translations: TextTranslations } | { kind: 'skipped'; reason: 'no-letters' | 'paused' | 'budget' | 'unsupported' } | { kind: 'failed'; error: string };

const CACHE_SIZE = 1000;
const LANGUAGES_TTL_MS = 10 * 60_000;
const LETTER = /\p{L}/u;

export function createTextTranslator(options: TextTranslatorOptions) {
  const { translator, config, budget, logger } = options;
  const now = options.now ?? Date.now;
  const cache = new Map<string, TextTranslations>();
  let pausedUntil = 0;
  let languages: { at: number; codes: Set<string> } | null = null;

  const deadline = (): AbortSignal => AbortSignal.timeout(config.timeoutMs);
  const fail = (error: unknown): TranslateOutcome => {
    pausedUntil = now() + config.pauseAfterFailureMs;
    const message = error instanceof TranslatorError ? error.message : String(error);
    logger.warn({ err: message, pauseMs: config.pauseAfterFailureMs }, 'translation failed; the original text stays');
    return { kind: 'failed', error: message };
  };

  async function targets(): Promise<string[]> {
    if (!languages || now() - languages.at > LANGUAGES_TTL_MS) languages = { at: now(), codes: new Set(await translator.languages(deadline())) };
    const codes = languages.codes;
    return config.targets.filter((t) => codes.has(t));
  }

  function remember(t: TextTranslations): void {
    cache.delete(t.of);
    cache.set(t.of, t);
    for (const key of cache.keys()) {
      if (cache.size <= CACHE_SIZE) break;
      cache.delete(key);
    }
  }

  return async function translateText(boardId: string, text: string): Promise<TranslateOutcome> {
    if (!LETTER.test(text)) return { kind: 'skipped', reason: 'no-letters' };
    const of = textFingerprint(text);
    const cached = cache.get(of);
    if (cached) return { kind: 'done', translations: cached };
    if (now() < pausedUntil) return { kind: 'skipped', reason: 'paused' };
    let wanted: string[];
    try {
      wanted = await targets();
    } catch (err) {
      return fail(err);
    }
    if (wanted.length === 0) return { kind: 'skipped', reason: 'unsupported' };
    const verdict = await budget.take(boardId, wanted.length);
    if (!verdict.ok) return { kind: 'skipped', reason: 'budget' };
    const texts: Record<string, string> = {};
    let source = '';
    try {
      // English first: the hall writes mostly Czech, so the detecting request is rarely wasted.
      for (const target of [...wanted].sort((a, b) => Number(b === 'en') - Number(a === 'en'))) {
        if (target === source) continue;
        const result = await translator.translate({ text, source: source || 'auto', target }, deadline());
        if (!source && result.detected) source = result.detected;
        if (target !== source && result.text.trim() !== '') texts[target] = result.text;
      }
    } catch (err) {
      const failed = fail(err);
      // What arrived before the failure is kept (not cached: a later edit may complete it).
      return Object.keys(texts).length > 0 ? { kind: 'done', translations: { of, source, texts } } : failed;
    }
    const translations: TextTranslations = { of, source, texts };
    remember(translations);
    return { kind: 'done', translations };
  };
}
