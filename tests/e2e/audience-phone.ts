/**
 * What the audience's browser tests share (audience-join, audience-outbox-and-settings,
 * audience-queue-and-engagement): one session per file, that is the built server, Chromium and a
 * Czech demo board with four cards; phones (390×844) that record the submissions their socket
 * sends, closed after each test. `server` and `demo` are live bindings, set once
 * `audienceSession()` has run its hook.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach } from 'vitest';
import type { SubmitPayload } from '../../src/lib/client/outbox.js';
import { newPage, VIEWPORTS } from '../../support/browser.js';
import { createDemoBoard, type DemoBoard } from '../../support/demo-board.js';
import type { ServerProcess } from '../../support/server-process.js';
import { browserTest } from '../fixtures.js';

let browser: Browser;
export let server: ServerProcess;
export let demo: DemoBoard;
const contexts: BrowserContext[] = [];

export const joinCode = (): string => demo.event.response.boards[0].joinCode;

export async function phone(): Promise<{ context: BrowserContext; page: Page; sent: SubmitPayload[] }> {
  const { context, page } = await newPage(browser, VIEWPORTS.phone);
  contexts.push(context);
  const sent: SubmitPayload[] = [];
  // Watch what really leaves the browser: socket.io event frames `42<ack id>["submission:create",{…}]`.
  page.on('websocket', (ws) =>
    ws.on('framesent', ({ payload }) => {
      const m = typeof payload === 'string' ? /^42\d*(\[.*\])$/s.exec(payload) : null;
      const frame = m ? (JSON.parse(m[1]) as [string, unknown]) : null;
      if (frame?.[0] === 'submission:create') sent.push(frame[1] as SubmitPayload);
    })
  );
  return { context, page, sent };
}

export async function openAudience(): Promise<{ context: BrowserContext; page: Page; sent: SubmitPayload[] }> {
  const p = await phone();
  await p.page.goto(demo.links.audience);
  await p.page.getByTestId('card').first().waitFor();
  return p;
}

export const submission = (page: Page, text: string) => page.getByTestId('submission').filter({ hasText: text });
export const stateOf = (page: Page, text: string) => submission(page, text).getAttribute('data-state');

export async function submitCard(page: Page, text: string, kind = 'question'): Promise<void> {
  if (await page.getByTestId('submit-open').isVisible()) await page.getByTestId('submit-open').click();
  await page.getByTestId(`submit-kind-${kind}`).check();
  await page.getByTestId('submit-text').fill(text);
  await page.getByTestId('submit-button').click();
  await submission(page, text).waitFor();
}

/** Registers the file's hooks: starts the session before its tests, closes the phones after each. */
export function audienceSession(): void {
  browserTest.beforeAll(async ({ app, browser: chromium }) => {
    browser = chromium;
    server = app;
    demo = await createDemoBoard({ url: server.url, lang: 'cs', cards: 4, voters: 0 });
  });

  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
  });

  afterAll(async () => {
    demo?.close();
  });
}
