import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../../../server/http/page-path.js';

describe('canonicalUrl: one spelling per path, the one the app routes', () => {
  it('decodes every segment and re-encodes it minimally; keeps the query as it came', () => {
    expect(canonicalUrl('/b/abc/%6doderate?t=x%20y')).toEqual({ segments: ['b', 'abc', 'moderate'], href: '/b/abc/moderate?t=x%20y' });
    expect(canonicalUrl('/join/ABC%20D')?.href).toBe('/join/ABC%20D');
    expect(canonicalUrl('/@vite/client')?.href).toBe('/@vite/client');
    expect(canonicalUrl('/a%2Fb/c')).toEqual({ segments: ['a/b', 'c'], href: '/a%2Fb/c' });
  });

  it('resolves dot segments (also encoded), duplicate and trailing slashes, and backslashes', () => {
    for (const target of ['/b/x/./moderate', '/b/x/y/../moderate', '/b/x/%2e/moderate', '/b/x/y/%2E%2E/moderate', '//b//x//moderate/', '/b\\x\\moderate', '/../b/x/moderate'])
      expect(canonicalUrl(target)?.href, target).toBe('/b/x/moderate');
    expect(canonicalUrl('/')?.href).toBe('/');
  });

  it('refuses what is not an origin-form path or does not decode', () => {
    for (const target of ['*', 'http://evil/b/x/moderate', '/b/%E0%A4%A/view', '/%ZZ', '/%C0%AF']) expect(canonicalUrl(target), target).toBeNull();
  });
});
