/**
 * Card text is rendered as text everywhere: hostile card texts and author names are shown
 * literally on the moderator, audience and projector pages, and nothing in them executes or
 * becomes markup. Also checks each page is served with a CSP that allows no inline scripts.
 * Real server process, real Chromium.
 */
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addCard, LOCAL, participantKey, readBoard } from '../../src/lib/board/index.js';
import { ROLE_PATH } from '../../src/lib/protocol/api.js';
import { newPage, VIEWPORTS } from '../../support/browser.js';
import type { ServerProcess } from '../../support/server-process.js';
import { createTestEvent, type TestEvent } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { openProvider } from '../../support/yjs-clients.js';
import { browserTest } from '../fixtures.js';

const PAYLOADS = [
  '<img src=x onerror="window.__xss=1"> xss-marker-1',
  '<script>window.__xss=2</script> xss-marker-2',
  'javascript:window.__xss=3 xss-marker-3',
  '<svg onload="window.__xss=4"></svg> xss-marker-4',
  '"><iframe srcdoc="<script>parent.__xss=5</script>"></iframe> xss-marker-5'
];

describe('card text is text, on every page', () => {
  let browser: Browser;
  let server: ServerProcess;
  let ev: TestEvent;

  browserTest.beforeAll(async ({ app, browser: chromium }) => {
    server = app;
    browser = chromium;
    ev = await createTestEvent(server.url);
    const writer = await openProvider(server.url.replace('http', 'ws'), ev.boardId, ev.tokens.panelist);
    const key = participantKey(ev.boardId, writer.deviceId);
    const topicId = readBoard(writer.doc).topics[0]?.id ?? null;
    for (const text of PAYLOADS) addCard(writer.doc, { kind: 'question', text, orgId: null, author: '<img src=x onerror="window.__xss=9">', authorKey: key, topicId }, LOCAL);
    const audience = await openProvider(server.url.replace('http', 'ws'), ev.boardId, ev.tokens.audience);
    await waitFor(() => readBoard(audience.doc).cards.filter((c) => c.text.includes('xss-marker')).length === PAYLOADS.length, 'the payload cards on the server');
    audience.destroy();
    writer.destroy();
  });

  for (const role of ['moderator', 'audience', 'projector'] as const)
    it(`the ${role} page shows every payload literally and runs none of it`, async () => {
      const { context, page } = await newPage(browser, role === 'audience' ? VIEWPORTS.phone : VIEWPORTS.laptop);
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      try {
        const response = await page.goto(`${server.url}/b/${ev.boardId}/${ROLE_PATH[role]}?t=${ev.tokens[role]}`);
        const csp = response?.headers()['content-security-policy'] ?? '';
        // Only the projector may be framed, by this origin alone (the console's preview of it).
        expect(csp).toContain(role === 'projector' ? "frame-ancestors 'self'" : "frame-ancestors 'none'");
        expect(csp).toMatch(/script-src [^;]*'self'/);
        expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
        expect(response?.headers()['referrer-policy']).toBe('no-referrer');
        for (const text of PAYLOADS) await page.getByText(text.split(' xss-marker')[0], { exact: false }).first().waitFor({ state: 'attached', timeout: 15_000 });
        const found = await page.evaluate(() => ({
          xss: (window as unknown as { __xss?: unknown }).__xss,
          imgX: document.querySelectorAll('img[src="x"]').length,
          svgOnload: document.querySelectorAll('svg[onload]').length,
          // The console's projector preview is the one frame of ours; a payload's would be another.
          iframes: document.querySelectorAll('iframe:not([data-testid=projector-preview-frame])').length,
          jsLinks: document.querySelectorAll('a[href^="javascript:"]').length,
          injectedScripts: [...document.querySelectorAll('script')].filter((s) => s.textContent?.includes('__xss')).length,
          bodyText: document.body.textContent ?? ''
        }));
        expect(found).toMatchObject({ xss: undefined, imgX: 0, svgOnload: 0, iframes: 0, jsLinks: 0, injectedScripts: 0 });
        for (const marker of PAYLOADS.map((_, i) => `xss-marker-${i + 1}`)) expect(found.bodyText).toContain(marker);
        expect(found.bodyText).toContain('<script>window.__xss=2</script>');
        expect(dialogs).toEqual([]);
      } finally {
        await context.close();
      }
    });
});
