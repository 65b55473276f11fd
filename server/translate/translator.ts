/**
 * The translator port: what the board needs from a machine-translation service. One provider
 * speaks the LibreTranslate API (libretranslate.ts); tests run it against a local server that
 * implements that API (tests/helpers/libretranslate.ts).
 */

export interface TranslateRequest {
  text: string;
  /** A language code, or 'auto' to let the service detect it. */
  source: string;
  target: string;
}

export interface TranslateResult {
  text: string;
  /** The language the service detected (with source 'auto'), or null. */
  detected: string | null;
}

export interface Translator {
  /** The language codes the service can translate into. */
  languages(signal: AbortSignal): Promise<string[]>;
  translate(request: TranslateRequest, signal: AbortSignal): Promise<TranslateResult>;
}

/** The service refused, failed, answered nonsense, or took too long. */
export class TranslatorError extends Error {
  override name = 'TranslatorError';
}
