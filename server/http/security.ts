/**
 * Response headers every HTTP answer carries.
 * Tokens live in URLs, so no page may leak them in a Referer; nothing may frame the app
 * (the projector runs as a browser source in OBS, which does not frame it).
 */
import type { ServerResponse } from 'node:http';

/** For the server's own JSON and HTML (refusal pages): no scripts at all, inline styles only. */
export const STRICT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/** Under the app: SvelteKit replaces it on pages with the full policy from svelte.config.js. */
export const APP_FALLBACK_CSP = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'";

/** Browsers that once reached the board over https never try plain http again (180 days, subdomains too). */
export const HSTS = 'max-age=15552000; includeSubDomains';

export function setSecurityHeaders(res: ServerResponse, options: { hsts?: boolean } = {}): void {
  if (options.hsts) res.setHeader('strict-transport-security', HSTS);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('content-security-policy', STRICT_CSP);
}

/** The status line for a request the HTTP parser gave up on (oversized head, slowloris timeout, garbage). */
export function clientErrorStatus(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'HPE_HEADER_OVERFLOW') return '431 Request Header Fields Too Large';
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT' || code === 'HPE_HEADER_TIMEOUT') return '408 Request Timeout';
  return '400 Bad Request';
}
