/** Exponential back-off: `minMs`, doubling per consecutive failure, capped at `maxMs`. */
export interface Backoff {
  /** Counts a failure and returns the delay before the next attempt. */
  next(): number;
  failures(): number;
  reset(): void;
}

export function createBackoff(options: { minMs: number; maxMs: number }): Backoff {
  let failures = 0;
  return {
    next() {
      failures += 1;
      return Math.min(options.maxMs, options.minMs * 2 ** Math.min(failures - 1, 30));
    },
    failures: () => failures,
    reset() {
      failures = 0;
    }
  };
}
