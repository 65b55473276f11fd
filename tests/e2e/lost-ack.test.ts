/**
 * Bad Wi-Fi between send and acknowledgement (local-first submissions, docs/client.md): a phone
 * submits a card, the server files it, and the connection dies before the acknowledgement gets
 * back. The phone keeps the submission, sends it again under the same idempotency key once it
 * reconnects (or learns its state from submission:mine), and the server has the one
 * submission — never a second.
 * The cut is real: the page's socket.io websocket is routed through Playwright, which drops the
 * acknowledgement frame and closes both ends.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { readSubmissions } from '../../src/lib/board/queue.js';
import { newPage, VIEWPORTS } from '../../support/browser.js';
import type { ServerProcess } from '../../support/server-process.js';
import { createTestEvent, type TestEvent } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { openProvider, type ProviderClient } from '../../support/yjs-clients.js';
import { browserTest } from '../fixtures.js';

let browser: Browser;
let server: ServerProcess;
let ev: TestEvent;
let queue: ProviderClient;
const contexts: BrowserContext[] = [];

browserTest.beforeAll(async ({ app, browser: chromium }) => {
  browser = chromium;
  server = app;
  ev = await createTestEvent(server.url);
  queue = await openProvider(server.url.replace(/^http/, 'ws'), `${ev.boardId}/queue`, ev.tokens.moderator);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  queue?.destroy();
});

describe('a submission whose acknowledgement is lost', () => {
  it('is sent again under the same key after the reconnect, and filed exactly once', async () => {
    const { context, page } = await newPage(browser, VIEWPORTS.phone);
    contexts.push(context);
    const text = 'Lost ack: the registry office closes at noon on Fridays';
    /** Keys of every submission:create the page sent, and whether the cut happened. */
    const sentKeys: string[] = [];
    let cut = false;
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      const upstream = ws.connectToServer();
      ws.onMessage((message) => {
        const m = typeof message === 'string' ? /^42\d+(\[.*\])$/s.exec(message) : null;
        const frame = m ? (JSON.parse(m[1]) as [string, { key?: string }]) : null;
        if (frame?.[0] === 'submission:create' && frame[1].key) sentKeys.push(frame[1].key);
        upstream.send(message);
      });
      upstream.onMessage((message) => {
        // The first acknowledgement ("43<id>[…]") after the first submission is dropped, and the
        // connection cut: the server has filed it, the phone never hears so.
        if (!cut && sentKeys.length > 0 && typeof message === 'string' && message.startsWith('43')) {
          cut = true;
          void upstream.close();
          void ws.close();
          return;
        }
        ws.send(message);
      });
    });
    await page.goto(ev.response.links[ev.boardId].audience);
    await page.getByTestId('participate').waitFor();
    await page.getByTestId('submit-open').click();
    await page.getByTestId('submit-text').fill(text);
    await page.getByTestId('submit-button').click();

    const item = page.getByTestId('submission').filter({ hasText: text });
    await waitFor(() => cut, 'the acknowledgement to be dropped');
    // Filed on the server even though the phone never got the answer.
    await waitFor(() => readSubmissions(queue.doc).some((s) => s.content.text === text), 'the submission in the queue');
    await waitFor(async () => (await item.getAttribute('data-state')) === 'pending', 'the phone learning it waits for moderation', 30_000);
    const filed = readSubmissions(queue.doc).filter((s) => s.content.text === text);
    expect(filed).toHaveLength(1);
    // Whether the phone re-sent it or first heard of it through submission:mine on reconnect,
    // it only ever used the one key it saved the submission under.
    expect(new Set(sentKeys).size).toBe(1);
    expect(await item.getAttribute('data-key')).toBe(sentKeys[0]);
  });
});
