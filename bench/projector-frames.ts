/**
 * The projector with 300 cards, measured in Chromium: does a new card arriving drop frames?
 *
 *   npm run build && node --import tsx bench/projector-frames.ts [--cards 300] [--arrivals 10] [--cpu-throttle 4]
 *     [--entry /tmp/pb-old/dist/server/main.js] [--out FILE] [--trace FILE]
 *
 * Starts the built server (dist/server/main.js) on a free port, fills a demo board with the
 * given number of cards, opens the projector at 1920×1080 in Debian's Chromium and, for each
 * arrival, posts one card and records every frame for 2 s after it with requestAnimationFrame
 * timestamps, plus the Long Animation Frames API (`long-animation-frame` entries, where
 * Chromium has it) and long tasks. A frame counts as dropped when its interval exceeds 1.5 ×
 * the display's median interval. Prints the figures and writes bench/results/projector-frames.json
 * (projector-frames-cpu<N>.json when throttled).
 * Headless Chromium without a GPU draws in software, so the figures are an upper bound of what
 * a real projector laptop shows. `--cpu-throttle N` slows the page's CPU N times (DevTools'
 * CPU throttling), to see how much headroom a fast machine leaves a slow projector laptop.
 * `--entry` runs another build (its `build/` beside its `dist/`), to compare two commits in the
 * same minutes; `--out` writes the figures elsewhere; `--trace` saves a Chromium performance
 * trace of the arrivals (open it in DevTools' Performance panel).
 */
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import type { Browser } from 'playwright-core';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runBrowserScript } from '../support/browser-script.js';
import { VIEWPORTS } from '../support/browser.js';
import { createDemoBoard, type DemoBoard } from '../support/demo-board.js';
import { waitFor } from '../support/wait.js';

interface FrameWindow {
  intervals: number[];
  longFrames: number[];
  longTasks: number[];
}

declare global {
  interface Window {
    __frames?: { start(): void; stop(): FrameWindow };
  }
}

const { values } = parseArgs({
  options: {
    cards: { type: 'string', default: '300' },
    arrivals: { type: 'string', default: '10' },
    'cpu-throttle': { type: 'string', default: '1' },
    entry: { type: 'string' },
    out: { type: 'string' },
    trace: { type: 'string' }
  }
});
const CARDS = Number(values.cards);
const ARRIVALS = Number(values.arrivals);
const CPU_THROTTLE = Number(values['cpu-throttle']);

/**
 * Installed in the page: collects frame intervals and long frames between start() and stop().
 * Plain JavaScript in a string, so no compiler helper ends up in the page.
 */
const RECORDER = `(() => {
  let recording = false;
  let last = 0;
  let w = { intervals: [], longFrames: [], longTasks: [] };
  const tick = (t) => {
    if (recording && last > 0) w.intervals.push(t - last);
    last = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  for (const type of ['long-animation-frame', 'longtask']) {
    try {
      new PerformanceObserver((list) => {
        if (!recording) return;
        for (const e of list.getEntries()) (type === 'longtask' ? w.longTasks : w.longFrames).push(e.duration);
      }).observe({ type, buffered: false });
    } catch {}
  }
  window.__frames = {
    start() { w = { intervals: [], longFrames: [], longTasks: [] }; last = 0; recording = true; },
    stop() { recording = false; return w; }
  };
})();`;

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  tdur?: number;
  args?: { name?: string };
}

/**
 * The page's main thread in a Chromium trace: the CPU time of its tasks (thread time, `tdur`),
 * which other load on the machine does not inflate the way it inflates frame intervals.
 */
function mainThread(buffer: Buffer): { cpuMs: number; longestCpuMs: number; over16: number } {
  const parsed = JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const tasks = events.filter((e) => e.ph === 'X' && e.name === 'RunTask' && mains.has(`${e.pid}:${e.tid}`)).map((e) => (e.tdur ?? 0) / 1000);
  return { cpuMs: tasks.reduce((a, b) => a + b, 0), longestCpuMs: Math.max(0, ...tasks), over16: tasks.filter((t) => t > 16).length };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const quantile = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))] ?? 0;

// Seeding posts hundreds of cards from one connection in a second: above the per-connection
// message rate a live client is held to.
const ENTRY = values.entry ? resolve(values.entry) : undefined;
const SEEDING = {
  entry: ENTRY,
  env: { LIMIT_YJS_MESSAGES_PER_SECOND: '100000', ...(ENTRY ? { BUILD_DIR: resolve(dirname(ENTRY), '../../build') } : {}) }
};

async function measure(demo: DemoBoard, browser: Browser): Promise<void> {
  const loadAtStart = loadavg()[0];
  await demo.addCards(CARDS - demo.cardIds.length);
  const context = await browser.newContext({ viewport: VIEWPORTS.projector });
  const page = await context.newPage();
  await page.addInitScript({ content: RECORDER });
  await page.goto(demo.links.projector);
  await waitFor(async () => (await page.getByTestId('card').count()) > 6, 'the projector showing the board', 30_000);
  if (CPU_THROTTLE > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLE });
  await page.waitForTimeout(2000);

  // The display's own rhythm when nothing happens.
  await page.evaluate(() => window.__frames?.start());
  await page.waitForTimeout(2000);
  const idle = (await page.evaluate(() => window.__frames?.stop())) as FrameWindow;
  const frame = median(idle.intervals);

  if (values.trace) await browser.startTracing(page, { path: values.trace, screenshots: false });
  const all: FrameWindow = { intervals: [], longFrames: [], longTasks: [] };
  let dropped = 0;
  let worstPerArrival = 0;
  for (let i = 0; i < ARRIVALS; i++) {
    const before = demo.cardIds.length;
    await page.evaluate(() => window.__frames?.start());
    await demo.addCards(1);
    if (demo.cardIds.length !== before + 1) throw new Error('card not posted');
    await page.waitForTimeout(2000);
    const w = (await page.evaluate(() => window.__frames?.stop())) as FrameWindow;
    const late = w.intervals.filter((x) => x > frame * 1.5);
    dropped += late.reduce((n, x) => n + Math.max(1, Math.round(x / frame) - 1), 0);
    worstPerArrival = Math.max(worstPerArrival, ...w.intervals);
    all.intervals.push(...w.intervals);
    all.longFrames.push(...w.longFrames);
    all.longTasks.push(...w.longTasks);
  }
  const trace = values.trace ? mainThread(await browser.stopTracing()) : null;
  const result = {
    build: ENTRY ?? 'dist/server/main.js',
    /** The machine's 1-minute load average at the start and the end: frame counts follow it. */
    loadAverage1m: [Number(loadAtStart.toFixed(2)), Number(loadavg()[0].toFixed(2))],
    cards: CARDS + ARRIVALS,
    arrivals: ARRIVALS,
    cpuThrottle: CPU_THROTTLE,
    frameMs: Number(frame.toFixed(2)),
    framesRecorded: all.intervals.length,
    droppedFrames: dropped,
    droppedPerArrival: Number((dropped / ARRIVALS).toFixed(2)),
    intervalP99Ms: Number(quantile(all.intervals, 0.99).toFixed(1)),
    worstIntervalMs: Number(worstPerArrival.toFixed(1)),
    longAnimationFrames: all.longFrames.length,
    longestAnimationFrameMs: Number(Math.max(0, ...all.longFrames).toFixed(1)),
    longTasks: all.longTasks.length,
    ...(trace && {
      mainThreadCpuMsPerArrival: Number((trace.cpuMs / ARRIVALS).toFixed(1)),
      longestTaskCpuMs: Number(trace.longestCpuMs.toFixed(1)),
      tasksOver16MsCpu: trace.over16
    })
  };
  console.table(result);
  const file = values.out ?? (CPU_THROTTLE > 1 ? `bench/results/projector-frames-cpu${CPU_THROTTLE}.json` : 'bench/results/projector-frames.json');
  await writeFile(file, `${JSON.stringify({ at: new Date().toISOString(), ...result }, null, 2)}\n`);
}

runBrowserScript(async ({ server, browser }) => {
  const demo = await createDemoBoard({ url: server.url, lang: 'cs', voters: 0 });
  // Closed however the run ends: its connections would otherwise keep this process alive.
  try {
    await measure(demo, browser);
  } finally {
    demo.close();
  }
}, SEEDING);
