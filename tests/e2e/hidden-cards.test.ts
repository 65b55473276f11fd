/**
 * Issue 18, point 2: a card the moderator hides does not vanish from its author's view without a
 * word, and nobody else learns of it (V1, V2: src/lib/board/visibility.ts). Real server process,
 * real Chromium:
 *   H1  a panelist's hidden card stays on her own page, marked "hidden by the moderator"; another
 *       panelist and the audience do not see it; restored, the mark goes;
 *   H2  an audience phone's approved submission that the moderator hides says so in "my
 *       submissions"; another phone neither sees the card nor hears of it.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { screenshot, VIEWPORTS } from '../../support/browser.js';
import type { ServerProcess } from '../../support/server-process.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { createTestEvent } from '../helpers/test-server.js';
import { browserTest } from '../fixtures.js';

let browser: Browser;
let server: ServerProcess;
const contexts: BrowserContext[] = [];
const sockets: TestSocket[] = [];

browserTest.beforeAll(async ({ app, browser: chromium }) => {
  server = app;
  browser = chromium;
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
});

async function device(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'en-US' });
  contexts.push(context);
  return context.newPage();
}

async function moderatorSocket(boardId: string, token: string): Promise<TestSocket> {
  const socket = await connectAs(server.url, boardId, token);
  sockets.push(socket);
  return socket;
}

async function hide(socket: TestSocket, cardId: string, hidden: boolean): Promise<void> {
  const res = await call(socket, 'card:hide', { cardId, hidden });
  expect(res.ok).toBe(true);
}

const card = (page: Page, text: string) => page.getByTestId('card').filter({ hasText: text });

async function panelist(link: string, name: string, viewport: { width: number; height: number } = VIEWPORTS.laptop): Promise<Page> {
  const page = await device(viewport);
  await page.goto(link);
  await page.getByTestId('identity-name').fill(name);
  await page.getByTestId('identity-org').selectOption({ index: 1 });
  await page.getByTestId('identity-save').click();
  await page.getByTestId('post-text').waitFor();
  return page;
}

async function post(page: Page, text: string): Promise<string> {
  await page.getByTestId('post-text').fill(text);
  await page.getByTestId('post-submit').click();
  await card(page, text).waitFor();
  return (await card(page, text).getAttribute('data-card-id')) ?? '';
}

describe('H1 a panelist’s own hidden card', () => {
  it('stays on her page marked "hidden by the moderator"; others do not see it; restoring removes the mark', async () => {
    const ev = await createTestEvent(server.url);
    const links = ev.response.links[ev.boardId];
    const jana = await panelist(links.panelist, 'Jana Nováková');
    const hiddenId = await post(jana, 'Úřad nemá otevřeno odpoledne');
    await post(jana, 'Chybí lavičky u zastávek');
    const mod = await moderatorSocket(ev.boardId, ev.tokens.moderator);
    await hide(mod, hiddenId, true);

    const mine = card(jana, 'Úřad nemá otevřeno odpoledne');
    await mine.getByTestId('card-hidden-note').waitFor();
    await expect(mine.getByTestId('card-hidden-note').textContent()).resolves.toContain('Hidden by the moderator');
    await screenshot(jana, 'hidden-own-card-1366');
    await jana.setViewportSize(VIEWPORTS.phone);
    await mine.scrollIntoViewIfNeeded();
    await screenshot(jana, 'hidden-own-card-390');

    const petr = await panelist(links.panelist, 'Petr Svoboda');
    const audience = await device(VIEWPORTS.phone);
    await audience.goto(links.audience);
    for (const other of [petr, audience]) {
      await card(other, 'Chybí lavičky u zastávek').waitFor();
      expect(await card(other, 'Úřad nemá otevřeno odpoledne').count()).toBe(0);
      expect(await other.getByTestId('card-hidden-note').count()).toBe(0);
    }

    await hide(mod, hiddenId, false);
    await mine.getByTestId('card-hidden-note').waitFor({ state: 'detached' });
    await card(petr, 'Úřad nemá otevřeno odpoledne').waitFor();
  });
});

describe('H2 an audience submission hidden after it was shown', () => {
  it('says "hidden by the moderator" in that phone’s "my submissions", and only there', async () => {
    const ev = await createTestEvent(server.url);
    const links = ev.response.links[ev.boardId];
    const mod = await moderatorSocket(ev.boardId, ev.tokens.moderator);
    const phone = await device(VIEWPORTS.phone);
    await phone.goto(links.audience);
    await phone.getByTestId('submit-open').click();
    await phone.getByTestId('submit-text').fill('Proč se ruší linka 177?');
    await phone.getByTestId('submit-button').click();
    const item = phone.getByTestId('submission').filter({ hasText: 'Proč se ruší linka 177?' });
    await phone.waitForFunction(() => document.querySelector('[data-testid=submission]')?.getAttribute('data-state') === 'pending', undefined, { timeout: 10_000 });
    const submissionId = (await item.getAttribute('data-submission-id')) ?? '';
    const approved = await call<{ resultId: string }>(mod, 'queue:approve', { submissionId });
    if (!approved.ok) throw new Error(approved.message);
    await card(phone, 'Proč se ruší linka 177?').waitFor();

    // Another phone, watching its own submission events: it must hear nothing of this one.
    const other = await device(VIEWPORTS.phone);
    await other.goto(links.audience);
    await card(other, 'Proč se ruší linka 177?').waitFor();
    const otherSocket = await connectAs(server.url, ev.boardId, ev.tokens.audience);
    sockets.push(otherSocket);
    const heard: unknown[] = [];
    otherSocket.on('submission', (view: unknown) => heard.push(view));

    await hide(mod, approved.data.resultId, true);
    await phone.waitForFunction(() => document.querySelector('[data-testid=submission]')?.getAttribute('data-hidden') === 'true', undefined, { timeout: 10_000 });
    await expect(item.getByTestId('submission-state').textContent()).resolves.toContain('Hidden by the moderator');
    await expect(item.getByTestId('submission-hidden').textContent()).resolves.toContain('Only you see this');
    expect(await item.getByTestId('submission-find').count()).toBe(0);
    await card(phone, 'Proč se ruší linka 177?').waitFor({ state: 'detached' });
    await item.scrollIntoViewIfNeeded();
    await screenshot(phone, 'hidden-my-submission-390');
    await phone.setViewportSize(VIEWPORTS.laptop);
    await item.scrollIntoViewIfNeeded();
    await screenshot(phone, 'hidden-my-submission-1366');

    await card(other, 'Proč se ruší linka 177?').waitFor({ state: 'detached' });
    expect(await other.getByText('Hidden by the moderator').count()).toBe(0);
    const mine = await call<unknown[]>(otherSocket, 'submission:mine', {});
    expect(mine.ok && mine.data).toEqual([]);
    expect(heard).toEqual([]);
  });
});
