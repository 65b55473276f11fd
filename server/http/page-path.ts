/**
 * The path of a request as the app will route it, so that what the server checks is what the app
 * serves. SvelteKit decodes percent-escapes before it routes (`/b/x/%6doderate` is the moderator
 * page), browsers and WHATWG URLs read `\` as `/` and resolve `.` and `..` (also `%2e`), and
 * duplicate or trailing slashes name the same page. One canonical form for all of them:
 * every segment decoded, then re-encoded minimally (RFC 3986 `pchar`), empty and dot segments gone.
 */

export type CanonicalUrl = {
  /** The decoded segments: `/b/x/moderate` → ['b', 'x', 'moderate']. */
  segments: string[];
  /** The canonical request target: path (minimally encoded) and the query as it came. */
  href: string;
};

// Sub-delims, ':' and '@' may stand unescaped in a path segment; anything else non-unreserved is escaped.
const encodeSegment = (segment: string): string =>
  encodeURIComponent(segment).replace(/%(21|24|26|27|28|29|2A|2B|2C|3A|3B|3D|40)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** The canonical form of a request target (`req.url`), or null when it is not an origin-form path or does not decode. */
export function canonicalUrl(target: string): CanonicalUrl | null {
  if (!target.startsWith('/')) return null;
  let url: URL;
  try {
    // Prefixed, not resolved against a base: `//b/x` stays a path instead of naming a host.
    url = new URL(`http://localhost${target}`);
  } catch {
    return null;
  }
  const segments: string[] = [];
  for (const raw of url.pathname.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return { segments, href: `/${segments.map(encodeSegment).join('/')}${url.search}` };
}
