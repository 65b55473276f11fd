import { fileURLToPath } from 'node:url';
import { sveltekit } from '@sveltejs/kit/vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// Inline projects do not inherit the root config (no `extends: true`), so the Svelte plugin
// never compiles server code or the built app chunks that tests import. They do resolve `$lib`
// as SvelteKit does, so a module under test may import `$lib/…` like the rest of src/.
const $lib = fileURLToPath(new URL('./src/lib', import.meta.url));
const nodeProject = (name: string, include: string[], extra: Record<string, unknown> = {}) => ({
  resolve: { alias: { $lib } },
  test: { name, include, environment: 'node', ...extra }
});

export default defineConfig({
  plugins: [sveltekit()],
  test: {
    // Most of a browser or server test is waiting on another process (a full run keeps about half
    // of one core busy), so three files run at once on two cores, browser files among the rest (the
    // default is one fewer than the cores: everything in one line). Projects with another number
    // of workers must run as their own group, after it: scale-out and deploy, one at a time.
    maxWorkers: 3,
    projects: [
      // Unit tests also run the runes modules (`*.svelte.ts` stores): the Svelte plugin compiles those.
      // The PDF renderers' tests (exports, dossiers, the synthesis) take 1-3 s alone and more on a
      // machine busy with the browser files: 20 s, not the default 5 s.
      // Unit, integration and hostile files share their worker's modules (isolate: false): each
      // file in a fresh process imported the server again, about half of these projects' CPU
      // time on a 2-core machine (integration and hostile: 393 s of CPU isolated, 249 s shared).
      // Their state lives in what each file starts and stops: servers, stores, Redis prefixes.
      { ...nodeProject('unit', ['tests/unit/**/*.test.ts'], { testTimeout: 20_000, isolate: false }), plugins: [svelte()] },
      nodeProject('integration', ['tests/integration/**/*.test.ts'], { testTimeout: 30_000, hookTimeout: 60_000, isolate: false }),
      nodeProject('hostile', ['tests/hostile/**/*.test.ts'], { testTimeout: 60_000, hookTimeout: 60_000, isolate: false }),
      nodeProject('scale-out', ['tests/scale-out/**/*.test.ts'], { testTimeout: 180_000, hookTimeout: 180_000, fileParallelism: false, sequence: { groupOrder: 1 } }),
      // Debian's nginx in front of two built server processes on one Redis, and hundreds of clients.
      nodeProject('deploy', ['tests/deploy/**/*.test.ts'], { testTimeout: 180_000, hookTimeout: 120_000, fileParallelism: false, sequence: { groupOrder: 1 } }),
      // Each browser file has its own server process and Chromium.
      nodeProject('e2e', ['tests/e2e/**/*.test.ts'], { testTimeout: 60_000, hookTimeout: 120_000 })
    ]
  }
});
