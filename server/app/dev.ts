/**
 * `npm run dev`: the same server, with Vite in middleware mode as the app handler, so the app
 * (with HMR), /api, /yjs and socket.io share one port. Run with tsx.
 */
import type { ViteDevServer } from 'vite';
import { createServer as createViteServer } from 'vite';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { createServer } from './main.js';

async function dev(): Promise<void> {
  const config = loadConfig({ ...process.env, STORE: process.env.STORE ?? 'sqlite' });
  const logger = createLogger({ level: config.logLevel });
  let vite: ViteDevServer | null = null;
  const server = createServer({
    config,
    logger,
    app: (req, res, next) => (vite ? vite.middlewares(req, res, next) : next())
  });
  vite = await createViteServer({
    server: { middlewareMode: true, hmr: { server: server.httpServer } },
    appType: 'custom'
  });
  const { url } = await server.listen();
  logger.info({ url }, 'dev server listening');
  const stop = (): void => {
    void Promise.all([server.close(), vite?.close()]).finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

dev().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
