// Bundles the Node server (server/main.ts and the shared src/lib modules it imports) into
// dist/server/main.js, and the heavy-work worker thread (server/heavy/worker.ts) beside it as
// dist/server/heavy-worker.js, where server/heavy/pool.ts looks for it. Packages stay external;
// the SvelteKit handler is loaded at run time.
import { build } from 'esbuild';

await build({
  entryPoints: { main: 'server/main.ts', 'heavy-worker': 'server/heavy/worker.ts' },
  outdir: 'dist/server',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'info'
});
