/**
 * The "hostile" scenario group: what an attacker's input costs the server. Each scenario reports
 * a list of named figures (../figures.ts; the table prints them as they come), so scenarios of
 * this group can measure different things: inspection of hostile frames (hostile-cost.ts),
 * imports, … Shared here: a probe of the server's event loop from outside.
 */
import { round } from '../stats.js';

export interface LoopProbe {
  /** Stops probing; the longest /healthz round trip seen (a request still pending counts its age). */
  stop(): Promise<number>;
}

/**
 * Polls `/healthz` back to back. The server answers it without work, so the longest round trip
 * is how long its event loop was blocked (to within a few ms).
 */
export function probeLoop(httpUrl: string): LoopProbe {
  let running = true;
  let worst = 0;
  let pendingSince: number | null = null;
  const loop = (async () => {
    while (running) {
      pendingSince = performance.now();
      await fetch(`${httpUrl}/healthz`).then(
        (r) => r.arrayBuffer(),
        () => undefined
      );
      worst = Math.max(worst, performance.now() - pendingSince);
      pendingSince = null;
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  return {
    async stop() {
      running = false;
      const pending = pendingSince === null ? 0 : performance.now() - pendingSince;
      await Promise.race([loop, new Promise((r) => setTimeout(r, 100))]);
      return round(Math.max(worst, pending), 0);
    }
  };
}
