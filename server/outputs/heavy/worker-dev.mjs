// Loads the heavy-work worker from the TypeScript sources (tests, `npm run dev`): the bundled
// server starts dist/server/heavy-worker.js instead (server/outputs/heavy/pool.ts picks the one present).
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
