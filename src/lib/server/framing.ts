/**
 * Who may frame a page. Nothing may, except the projector page, which the moderator console shows
 * as a live thumbnail (an iframe of the same origin): that one page says `frame-ancestors 'self'`
 * (and X-Frame-Options SAMEORIGIN for older browsers). Every other answer keeps 'none' and DENY
 * (server/http/security.ts, svelte.config.js).
 */

/** The app's pages that the console frames. */
export const FRAMEABLE_ROUTES: ReadonlySet<string> = new Set(['/b/[boardId]/projector']);

/** Rewrites a page's headers so that pages of the same origin may frame it. */
export function allowSameOriginFraming(headers: Headers): void {
  const csp = headers.get('content-security-policy');
  if (csp !== null) headers.set('content-security-policy', withFrameAncestorsSelf(csp));
  headers.set('x-frame-options', 'SAMEORIGIN');
}

/** The policy with its frame-ancestors directive replaced by (or, if absent, given) `'self'`. */
export function withFrameAncestorsSelf(csp: string): string {
  const directives = csp
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d !== '' && !/^frame-ancestors(\s|$)/i.test(d));
  return [...directives, "frame-ancestors 'self'"].join('; ');
}
