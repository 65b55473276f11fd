/** Plain-value helpers the projection's parts share (projection.ts, projection-engagement.ts). */
import * as Y from 'yjs';
import type { YEntry } from '../../src/lib/board/layout.js';

export const same = (a: unknown, b: unknown): boolean =>
  a === b || (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b));

export const copyValue = (v: unknown): unknown => (typeof v === 'object' && v !== null ? structuredClone(v) : v);

export function plain(entry: YEntry): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entry) if (!(value instanceof Y.AbstractType)) out[key] = copyValue(value);
  return out;
}
