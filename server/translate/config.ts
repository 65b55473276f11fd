/**
 * Card translation settings (off unless TRANSLATE_URL is set). Read once by server/config.ts.
 *   TRANSLATE_URL               LibreTranslate base URL, e.g. http://libretranslate:5000
 *   TRANSLATE_API_KEY           its api_key, when the instance requires one
 *   TRANSLATE_TIMEOUT_MS        one request's deadline (default 8000)
 *   TRANSLATE_CONCURRENCY       requests in flight per instance (default 2)
 *   TRANSLATE_PER_BOARD_PER_MIN requests a board may cause per minute, across instances (default 60, burst 120)
 *   TRANSLATE_PAUSE_MS          no request for this long after a failure (default 30000)
 */
export interface TranslateConfig {
  url: string;
  apiKey: string | null;
  /** The languages cards are translated into (the UI languages). */
  targets: string[];
  timeoutMs: number;
  concurrency: number;
  /** Jobs waiting per instance; past it, new ones are dropped (the original stays). */
  maxQueued: number;
  /** Requests per board and minute (a shared token bucket), burst twice that. */
  perBoardPerMinute: number;
  /** Edits within this window are translated once, after the last. */
  settleMs: number;
  /** After a failure, no request for this long. */
  pauseAfterFailureMs: number;
}

type Env = Record<string, string | undefined>;

function positive(env: Env, name: string, fallback: number, fail: (message: string) => never): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) fail(`${name} must be an integer ≥ 1, got "${raw}"`);
  return n;
}

export function parseTranslateConfig(env: Env, targets: readonly string[], fail: (message: string) => never): TranslateConfig | null {
  const raw = env.TRANSLATE_URL;
  if (raw === undefined || raw === '') return null;
  let url: string;
  try {
    const parsed = new URL(raw);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http');
    url = parsed.href.replace(/\/+$/, '');
  } catch {
    return fail(`TRANSLATE_URL is not an http(s) URL: "${raw}"`);
  }
  return {
    url,
    apiKey: env.TRANSLATE_API_KEY || null,
    targets: [...targets],
    timeoutMs: positive(env, 'TRANSLATE_TIMEOUT_MS', 8000, fail),
    concurrency: positive(env, 'TRANSLATE_CONCURRENCY', 2, fail),
    maxQueued: 500,
    perBoardPerMinute: positive(env, 'TRANSLATE_PER_BOARD_PER_MIN', 60, fail),
    settleMs: 1500,
    pauseAfterFailureMs: positive(env, 'TRANSLATE_PAUSE_MS', 30_000, fail)
  };
}
