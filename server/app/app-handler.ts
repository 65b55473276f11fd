/** The SvelteKit app behind the server: adapter-node's built handler, its client files served from memory. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Logger } from 'pino';
import type { AppHandler } from '../http/handler.js';
import { loadStaticFiles } from '../http/static-files.js';

/** The built client files held in memory (server/http/static-files.ts); the build holds about 2 MB. */
const STATIC_FILES_MAX_BYTES = 32 * 2 ** 20;

/**
 * Loads adapter-node's handler at run time, so bundling the server never pulls the app in. The
 * build's client files are served from memory in front of it.
 */
export async function loadAppHandler(buildDir: string, logger: Logger): Promise<AppHandler | null> {
  const file = join(buildDir, 'handler.js');
  if (!existsSync(file)) {
    logger.warn({ file }, 'no app build found; serving API and realtime endpoints only');
    return null;
  }
  const mod = (await import(pathToFileURL(file).href)) as { handler: AppHandler };
  const files = await loadStaticFiles(join(buildDir, 'client'), { maxBytes: STATIC_FILES_MAX_BYTES });
  if (!files) return mod.handler;
  logger.debug({ files: files.files, bytes: files.bytes }, 'client files held in memory');
  return (req, res, next) => {
    if (!files.serve(req, res)) mod.handler(req, res, next);
  };
}
