/** Latency figures: a fixed-resolution histogram, so millions of deliveries cost O(1) each. */

const RESOLUTION_MS = 0.1;
const MAX_MS = 120_000;

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export class LatencyHistogram {
  #buckets = new Uint32Array(Math.ceil(MAX_MS / RESOLUTION_MS) + 1);
  #count = 0;
  #sum = 0;
  #max = 0;

  record(ms: number): void {
    const v = ms < 0 ? 0 : ms;
    this.#buckets[Math.min(this.#buckets.length - 1, Math.floor(v / RESOLUTION_MS))]++;
    this.#count++;
    this.#sum += v;
    if (v > this.#max) this.#max = v;
  }

  get count(): number {
    return this.#count;
  }

  /** The smallest bucket upper edge below which `p` of the samples fall. */
  percentile(p: number): number {
    if (this.#count === 0) return NaN;
    const rank = Math.ceil(p * this.#count);
    let seen = 0;
    for (let i = 0; i < this.#buckets.length; i++) {
      seen += this.#buckets[i];
      if (seen >= rank) return Math.min(this.#max, (i + 1) * RESOLUTION_MS);
    }
    return this.#max;
  }

  summary(): LatencySummary {
    return {
      count: this.#count,
      p50: round(this.percentile(0.5)),
      p95: round(this.percentile(0.95)),
      p99: round(this.percentile(0.99)),
      max: round(this.#max),
      mean: round(this.#count ? this.#sum / this.#count : NaN)
    };
  }
}

export const round = (v: number, digits = 1): number => (Number.isFinite(v) ? Number(v.toFixed(digits)) : NaN);

/** Percentile of a small sample (nearest rank). */
export function samplePercentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}
