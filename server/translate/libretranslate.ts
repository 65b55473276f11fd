/**
 * The LibreTranslate provider (https://libretranslate.com/docs): `POST /translate` with
 * { q, source, target, format: 'text', api_key } answering { translatedText, detectedLanguage:
 * { language, confidence } }, and `GET /languages` answering [{ code, name, targets }]. Errors
 * come as { error } with a 4xx/5xx status. Answers are read up to a size bound, never whole.
 */
import { TranslatorError, type TranslateResult, type Translator } from './translator.js';

export interface LibreTranslateOptions {
  /** Base URL, e.g. http://127.0.0.1:5000 (no trailing slash needed). */
  url: string;
  apiKey: string | null;
  fetch?: typeof globalThis.fetch;
}

/** Far above any answer for one card (500 characters) or the language list. */
const MAX_ANSWER_BYTES = 256 * 1024;

async function readJson(res: Response): Promise<unknown> {
  const reader = res.body?.getReader();
  if (!reader) return null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel();
      throw new TranslatorError(`answer larger than ${MAX_ANSWER_BYTES} bytes`);
    }
    chunks.push(value);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new TranslatorError(`answer is not JSON (HTTP ${res.status})`);
  }
}

const field = (v: unknown, name: string): unknown => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[name] : undefined);

export function createLibreTranslate(options: LibreTranslateOptions): Translator {
  const base = options.url.replace(/\/+$/, '');
  const fetch = options.fetch ?? globalThis.fetch;

  async function request(path: string, init: RequestInit, signal: AbortSignal): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, { ...init, signal, redirect: 'error' });
    } catch (err) {
      throw new TranslatorError(signal.aborted ? `${path}: no answer in time` : `${path}: ${String(err)}`);
    }
    const body = await readJson(res);
    if (!res.ok) throw new TranslatorError(`${path}: HTTP ${res.status} ${String(field(body, 'error') ?? '').slice(0, 200)}`);
    return body;
  }

  return {
    async languages(signal) {
      const body = await request('/languages', { method: 'GET' }, signal);
      if (!Array.isArray(body)) throw new TranslatorError('/languages: not a list');
      const codes = new Set<string>();
      for (const entry of body.slice(0, 500)) {
        const code = field(entry, 'code');
        if (typeof code === 'string') codes.add(code);
      }
      return [...codes];
    },

    async translate({ text, source, target }, signal): Promise<TranslateResult> {
      const payload: Record<string, string> = { q: text, source, target, format: 'text' };
      if (options.apiKey) payload.api_key = options.apiKey;
      const body = await request('/translate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) }, signal);
      const translated = field(body, 'translatedText');
      if (typeof translated !== 'string') throw new TranslatorError('/translate: no translatedText');
      const detected = field(field(body, 'detectedLanguage'), 'language');
      return { text: translated, detected: typeof detected === 'string' ? detected : null };
    }
  };
}
