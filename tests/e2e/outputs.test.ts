/**
 * Public outputs page in the browser: a clear 410 page while unpublished; once the moderator
 * publishes from the console, a token-less page shows the final board (board, top voted,
 * matrix), downloads and materials, never a hidden card; unpublishing hides it again.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { addCard, LOCAL, participantKey, readBoard } from '../../src/lib/board/index.js';
import { newPage, screenshot, VIEWPORTS } from '../../support/browser.js';
import type { ServerProcess } from '../../support/server-process.js';
import { call, connectAs } from '../../support/socket-client.js';
import { createTestEvent, type TestEvent } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { openProvider, type ProviderClient } from '../../support/yjs-clients.js';
import { browserTest } from '../fixtures.js';

const VISIBLE = 'Vítací balíček a osobní průvodce – Plzeň, Ústí nad Labem';
const HIDDEN = 'Skrytá poznámka moderátora: nezveřejňovat';

let browser: Browser;
let server: ServerProcess;
let ev: TestEvent;
let provider: ProviderClient;

const outputsUrl = () => `${server.url}/outputs/${ev.response.eventId}`;

browserTest.beforeAll(async ({ app, browser: chromium }) => {
  browser = chromium;
  server = app;
  ev = await createTestEvent(server.url, { title: 'Výzvy integrace 2026', lang: 'cs' });
  provider = await openProvider(server.url.replace(/^http/, 'ws'), ev.boardId, ev.tokens.moderator);
  const s = readBoard(provider.doc);
  const key = participantKey(ev.boardId, provider.deviceId);
  addCard(provider.doc, { kind: 'good-practice', text: VISIBLE, orgId: s.orgs[1].id, author: '', authorKey: key, topicId: s.topics[0].id }, LOCAL);
  const hidden = addCard(provider.doc, { kind: 'question', text: HIDDEN, orgId: null, author: '', authorKey: key, topicId: s.topics[0].id }, LOCAL);
  const mod = await connectAs(server.url, ev.boardId, ev.tokens.moderator);
  await waitFor(async () => (await call(mod, 'card:hide', { cardId: hidden, hidden: true })).ok, 'the card to be hidden');
  await waitFor(async () => (await call(mod, 'vote:toggle', { cardId: readBoard(provider.doc).cards.find((c) => c.text === VISIBLE)!.id })).ok, 'a vote');
  mod.close();
});

afterAll(async () => {
  provider?.destroy();
});

async function publishFromConsole(page: Page): Promise<void> {
  await page.goto(ev.response.links[ev.boardId].moderator);
  await page.locator('[data-testid=outputs-section] > summary').click();
  await page.getByTestId('outputs-publish').click();
  await page.getByTestId('outputs-link').waitFor();
}

describe('public outputs page', () => {
  it('is a clear 410 page while the outputs are not published', async () => {
    const { page } = await newPage(browser, VIEWPORTS.laptop);
    const res = await page.goto(outputsUrl());
    expect(res?.status()).toBe(410);
    await expect(page.locator('body').innerText()).resolves.toContain('Výstupy nejsou zveřejněny');
    await expect(page.locator('body').innerText()).resolves.toContain('Outputs are not published');
    await page.context().close();
  });

  it('after publishing from the console, shows the final board without a token and without hidden cards', async () => {
    const { page: moderator } = await newPage(browser, VIEWPORTS.laptop);
    await publishFromConsole(moderator);
    const link = await moderator.getByTestId('outputs-link').getAttribute('href');
    expect(link).toBe(outputsUrl());
    await screenshot(moderator, 'outputs-console');

    const { page } = await newPage(browser, VIEWPORTS.laptop);
    const res = await page.goto(outputsUrl());
    expect(res?.status()).toBe(200);
    await page.getByTestId('outputs-title').waitFor();
    await expect(page.getByTestId('outputs-title').innerText()).resolves.toBe('Výzvy integrace 2026');
    await page.getByTestId('card').filter({ hasText: VISIBLE }).first().waitFor();
    await expect(page.locator('body').innerText()).resolves.not.toContain(HIDDEN);
    await screenshot(page, 'outputs-board');
    await page.getByTestId('view-top').first().click();
    await page.getByTestId('snapshot-top').getByTestId('card').filter({ hasText: VISIBLE }).waitFor();
    await page.getByTestId('view-matrix').first().click();
    await page.getByTestId('projector-matrix').waitFor();
    await screenshot(page, 'outputs-matrix');
    const csvHref = await page.getByTestId('download-csv').first().getAttribute('href');
    const csv = await (await fetch(new URL(csvHref!, server.url))).text();
    expect(csv).toContain(VISIBLE);
    expect(csv).not.toContain(HIDDEN);
    await page.context().close();
    await moderator.context().close();
  });

  it('is hidden again once unpublished', async () => {
    await fetch(`${server.url}/api/events/${ev.response.eventId}/outputs?t=${ev.tokens.moderator}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ published: false })
    });
    const { page } = await newPage(browser, VIEWPORTS.phone);
    expect((await page.goto(outputsUrl()))?.status()).toBe(410);
    await page.context().close();
  });
});
