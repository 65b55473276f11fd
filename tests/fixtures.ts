/**
 * The set-ups integration and browser tests share, as vitest fixtures: each is started the
 * first time a test or a suite hook of a file asks for it, and stopped after that file.
 *
 *   serverTest   `server`: an in-process server on port 0 with a temporary DATA_DIR
 *                (options: `serverTest.override('serverOptions', { env })` at the top of a file).
 *   browserTest  `app`: the built server as a child process (options: `appOptions`), and
 *                `browser`: Debian's Chromium.
 *
 * Suite hooks receive them too: `serverTest.beforeAll(async ({ server }) => …)`.
 */
import type { Browser } from 'playwright-core';
import { test } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { startServerProcess, type ServerProcess, type ServerProcessOptions } from '../support/server-process.js';
import { startTestServer, type TestServer, type TestServerOptions } from './helpers/test-server.js';

export const serverTest = test
  .extend('serverOptions', { scope: 'file' }, {} as TestServerOptions)
  .extend('server', { scope: 'file' }, async ({ serverOptions }, { onCleanup }): Promise<TestServer> => {
    const server = await startTestServer(serverOptions);
    onCleanup(() => server.dispose());
    return server;
  });

export const browserTest = test
  .extend('appOptions', { scope: 'file' }, {} as ServerProcessOptions)
  .extend('app', { scope: 'file' }, async ({ appOptions }, { onCleanup }): Promise<ServerProcess> => {
    const app = await startServerProcess(appOptions);
    onCleanup(async () => {
      await app.stop();
      await app.cleanup();
    });
    return app;
  })
  // vitest reads a fixture's dependencies from its first parameter, which must be a pattern.
  // eslint-disable-next-line no-empty-pattern
  .extend('browser', { scope: 'file' }, async ({}, { onCleanup }): Promise<Browser> => {
    const browser = await launchBrowser();
    onCleanup(() => browser.close());
    return browser;
  });
