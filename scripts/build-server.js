// Bundles the Node server (server/app/main.ts and the shared src/lib modules it imports) into
// dist/server/main.js, and the heavy-work worker thread (server/outputs/heavy/worker.ts) beside it as
// dist/server/heavy-worker.js, where server/outputs/heavy/pool.ts looks for it. Packages stay external;
// the SvelteKit handler is loaded at run time.
import { build } from 'esbuild';

await build({
  entryPoints: { main: 'server/app/main.ts', 'heavy-worker': 'server/outputs/heavy/worker.ts' },
  outdir: 'dist/server',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'info'
});
