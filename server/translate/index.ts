/** Card translation, wired from the config: null (off) unless TRANSLATE_URL is set. */
import type { Logger } from 'pino';
import type { RateLimiters } from '../limits/rate-limiter.js';
import type { TranslateConfig } from './config.js';
import { createLibreTranslate } from './libretranslate.js';
import { createTranslationService, type TranslationService } from './service.js';

export type { TranslateConfig } from './config.js';
export type { TranslationService } from './service.js';

export function createCardTranslation(options: { config: TranslateConfig | null; limiters: RateLimiters; logger: Logger }): TranslationService | null {
  const { config } = options;
  if (!config) return null;
  const translator = createLibreTranslate({ url: config.url, apiKey: config.apiKey });
  options.logger.info({ url: config.url, targets: config.targets }, 'card translation on (LibreTranslate)');
  return createTranslationService({ translator, config, limiters: options.limiters, logger: options.logger });
}
