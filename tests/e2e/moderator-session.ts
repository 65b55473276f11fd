/**
 * What the moderator's browser tests share (moderator-settings.test.ts,
 * moderator-queue-and-engagement.test.ts): one session per file, that is the built server,
 * Chromium, an English demo board with three voters, the full and public documents as the server
 * holds them, and a moderator's socket; pages and audience sockets opened by a test close after
 * it. The session's parts are live bindings, set once `moderatorSession()` has run its hook.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach } from 'vitest';
import { readBoard } from '../../src/lib/board/index.js';
import type { BoardState } from '../../src/lib/board/types.js';
import { createDemoBoard, type DemoBoard } from '../../support/demo-board.js';
import type { ServerProcess } from '../../support/server-process.js';
import { connectAs, type TestSocket } from '../../support/socket-client.js';
import { openProvider, type ProviderClient } from '../../support/yjs-clients.js';
import { browserTest } from '../fixtures.js';

let browser: Browser;
export let server: ServerProcess;
export let demo: DemoBoard;
/** The full document as the server holds it (a moderator's reader) and the public one (the projector's). */
export let full: ProviderClient;
export let pub: ProviderClient;
let mod: TestSocket;
const contexts: BrowserContext[] = [];
const sockets: TestSocket[] = [];

export async function open(url: string, viewport: { width: number; height: number }, options: { reducedMotion?: 'reduce' } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'en-US', ...options });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  await page.goto(url);
  return page;
}

export const state = (client: ProviderClient): BoardState => readBoard(client.doc);
const section = (page: Page, name: string) => page.locator(`[data-testid=${name}-section] > summary`);

export async function openSection(page: Page, name: string): Promise<void> {
  const details = page.getByTestId(`${name}-section`);
  await details.waitFor();
  if (!(await details.evaluate((el) => (el as HTMLDetailsElement).open))) await section(page, name).click();
}

export async function audienceSocket(): Promise<TestSocket> {
  const socket = await connectAs(server.url, demo.event.boardId, demo.event.tokens.audience);
  sockets.push(socket);
  return socket;
}

export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

/** Registers the file's hooks: starts the session before its tests, closes what they opened. */
export function moderatorSession(): void {
  browserTest.beforeAll(async ({ app, browser: chromium }) => {
    browser = chromium;
    server = app;
    demo = await createDemoBoard({ url: server.url, lang: 'en', voters: 3 });
    const ws = server.url.replace(/^http/, 'ws');
    full = await openProvider(ws, demo.event.boardId, demo.event.tokens.moderator);
    pub = await openProvider(ws, demo.event.boardId, demo.event.tokens.projector);
    mod = await connectAs(server.url, demo.event.boardId, demo.event.tokens.moderator);
  });

  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
    for (const s of sockets.splice(0)) s.close();
  });

  afterAll(async () => {
    mod?.close();
    full?.destroy();
    pub?.destroy();
    demo?.close();
  });
}
