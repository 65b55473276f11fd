/**
 * The frame of a script that drives the built server with Debian's Chromium (screenshots, the
 * browser benchmarks): start both, run the body, stop both however it ends, and exit with code 1
 * on an error.
 */
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { startServerProcess, type ServerProcess, type ServerProcessOptions } from './server-process.js';

export function runBrowserScript(body: (s: { server: ServerProcess; browser: Browser }) => Promise<void>, options: ServerProcessOptions = {}): void {
  const main = async (): Promise<void> => {
    const server = await startServerProcess(options);
    const browser = await launchBrowser();
    try {
      await body({ server, browser });
    } finally {
      await browser.close();
      await server.stop();
      await server.cleanup();
    }
  };
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
