/**
 * Pure geometry of the participation charts (Svelte renders the SVG from it): horizontal bars
 * in proportion to the largest value, stacked columns per time bucket, and "nice" axis maxima.
 */
export interface BarRow {
  label: string;
  value: number;
}

export interface PlacedBar extends BarRow {
  y: number;
  width: number;
}

/** 1, 2, 5, 10, 20, 50… at or above `n` (1 at least): an axis maximum a reader can read. */
export function niceMax(n: number): number {
  if (!(n > 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 5, 10]) if (step * power >= n) return step * power;
  return 10 * power;
}

/** Bars of `rows`, `rowHeight` apart, the longest `maxWidth` wide. */
export function placeBars(rows: readonly BarRow[], maxWidth: number, rowHeight: number): PlacedBar[] {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return rows.map((r, i) => ({ ...r, y: i * rowHeight, width: r.value > 0 ? Math.max(2, (maxWidth * r.value) / max) : 0 }));
}

export interface Segment {
  key: string;
  y: number;
  height: number;
}

export interface Column {
  x: number;
  width: number;
  segments: Segment[];
  total: number;
}

/** One column per bucket, its series stacked from the baseline at `height`, scaled to `max`. */
export function placeColumns<K extends string>(buckets: ReadonlyArray<Record<K, number>>, keys: readonly K[], box: { width: number; height: number; max: number }): Column[] {
  const step = box.width / Math.max(1, buckets.length);
  const gap = Math.min(4, step * 0.2);
  return buckets.map((b, i) => {
    let base = box.height;
    const segments: Segment[] = [];
    for (const key of keys) {
      const h = (box.height * b[key]) / box.max;
      if (h <= 0) continue;
      base -= h;
      segments.push({ key, y: base, height: h });
    }
    return { x: i * step + gap / 2, width: Math.max(1, step - gap), segments, total: keys.reduce((n, k) => n + b[k], 0) };
  });
}
