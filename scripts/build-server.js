// Bundles the Node server (server/main.ts and the shared src/lib modules it imports) into
// dist/server/main.js. Packages stay external; the SvelteKit handler is loaded at run time.
import { build } from 'esbuild';

await build({
  entryPoints: ['server/main.ts'],
  outfile: 'dist/server/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'info'
});
