/**
 * One browser test file's session: the built server and Chromium (file fixtures), and pages
 * opened in contexts of their own that close after each test, with page errors logged.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterEach } from 'vitest';
import type { ServerProcess } from '../../../support/server-process.js';
import { browserTest } from '../../fixtures.js';

export interface BrowserFile {
  readonly server: ServerProcess;
  readonly browser: Browser;
  /** A new page in a context of its own, closed after the test. */
  open(options: BrowserContextOptions): Promise<{ context: BrowserContext; page: Page }>;
}

export function browserFile(): BrowserFile {
  let browser: Browser;
  let server: ServerProcess;
  const contexts: BrowserContext[] = [];
  browserTest.beforeAll(async ({ app, browser: chromium }) => {
    server = app;
    browser = chromium;
  });
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
  });
  return {
    get server() {
      return server;
    },
    get browser() {
      return browser;
    },
    async open(options) {
      const context = await browser.newContext(options);
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
      return { context, page };
    }
  };
}
