// Preloaded into a bench server (node --import bench/loop-lag.mjs): measures the server's own
// event-loop delay (perf_hooks, 1 ms resolution). SIGUSR2 writes p99 and max since the last
// signal, in ms, and process.memoryUsage() to $BENCH_LAG_FILE, and starts a new window.
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.BENCH_LAG_FILE;
if (file) {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  process.on('SIGUSR2', () => {
    writeFileSync(file, JSON.stringify({ p99Ms: h.percentile(99) / 1e6, maxMs: h.max / 1e6, count: h.count, memory: process.memoryUsage() }));
    h.reset();
  });
}
