/**
 * Issue 18, points 3, 9 and 11, on the panelist's page (and the phone's form for 9). Real server
 * process, real Chromium:
 *   T3  the speaker timer the moderator runs shows on the panelist view, counting down;
 *   S9  each status message belongs to the state it was said in: "Card posted" goes when the
 *       board is locked, "Write some text first" goes once the field holds text (panelist and
 *       phone);
 *   O11 every new card starts from the panelist's own organization, not from the last one picked.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { screenshot, VIEWPORTS } from '../../support/browser.js';
import type { ServerProcess } from '../../support/server-process.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { createTestEvent, type TestEvent } from '../helpers/test-server.js';
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

async function moderate(ev: TestEvent, action: string, payload: unknown): Promise<void> {
  if (sockets.length === 0) sockets.push(await connectAs(server.url, ev.boardId, ev.tokens.moderator));
  const res = await call(sockets[0], action, payload);
  if (!res.ok) throw new Error(`${action}: ${res.message}`);
}

/** A panelist who said who she is (her organization: the list's `orgIndex`-th). */
async function panelist(ev: TestEvent, orgIndex = 1, viewport: { width: number; height: number } = VIEWPORTS.laptop): Promise<Page> {
  const page = await device(viewport);
  await page.goto(ev.response.links[ev.boardId].panelist);
  await page.getByTestId('identity-name').fill('Jana Nováková');
  await page.getByTestId('identity-org').selectOption({ index: orgIndex });
  await page.getByTestId('identity-save').click();
  await page.getByTestId('post-text').waitFor();
  return page;
}

const seconds = (clock: string): number => clock.split(':').reduce((total, part) => total * 60 + Number(part), 0);

describe('T3 the speaker timer on the panelist view', () => {
  it('shows the moderator’s timer with its label, and it counts down', async () => {
    const ev = await createTestEvent(server.url);
    const page = await panelist(ev);
    expect(await page.getByTestId('panel-timer').count()).toBe(0);
    await moderate(ev, 'board:timer', { op: 'set', label: 'Round 1: weaknesses', durationMs: 5 * 60_000 });
    const timer = page.getByTestId('panel-timer');
    await timer.waitFor();
    await expect(timer.textContent()).resolves.toContain('Round 1: weaknesses');
    await expect(timer.getByTestId('timer-time').textContent()).resolves.toBe('5:00');
    await moderate(ev, 'board:timer', { op: 'start' });
    // It never shows more than was set, and it goes down.
    const shown: number[] = [];
    for (let i = 0; i < 40 && !(shown.length > 0 && shown[shown.length - 1] < 299); i++) {
      shown.push(seconds((await timer.getByTestId('timer-time').textContent()) ?? ''));
      await page.waitForTimeout(250);
    }
    expect(Math.max(...shown)).toBeLessThanOrEqual(300);
    expect(shown[shown.length - 1]).toBeLessThan(299);
    await screenshot(page, 'panelist-timer-1366');
    await page.setViewportSize(VIEWPORTS.phone);
    await screenshot(page, 'panelist-timer-390');
  });
});

describe('S9 status messages belong to the current state', () => {
  it('panelist: "Write some text first" goes when text is typed; "Card posted" goes when the board is locked', async () => {
    const ev = await createTestEvent(server.url);
    const page = await panelist(ev);
    await page.getByTestId('post-submit').click();
    await expect(page.getByTestId('post-error').textContent()).resolves.toBe('Write some text first.');
    await page.getByTestId('post-text').pressSequentially('Málo parkovacích míst');
    await page.getByTestId('post-error').waitFor({ state: 'detached' });

    await page.getByTestId('post-submit').click();
    await expect(page.getByTestId('post-done').textContent()).resolves.toBe('Card posted');
    await moderate(ev, 'board:lock', { locked: true });
    await page.getByTestId('locked-banner').waitFor();
    await page.getByTestId('post-done').waitFor({ state: 'detached' });
    await moderate(ev, 'board:lock', { locked: false });
    await page.getByTestId('locked-banner').waitFor({ state: 'detached' });
    expect(await page.getByTestId('post-done').count()).toBe(0);
  });

  it('phone: "Write some text first" goes when text is typed; "Saved" goes when the board is locked', async () => {
    const ev = await createTestEvent(server.url);
    const phone = await device(VIEWPORTS.phone);
    await phone.goto(ev.response.links[ev.boardId].audience);
    await phone.getByTestId('submit-open').click();
    await phone.getByTestId('submit-button').click();
    await phone.getByTestId('submit-error').waitFor();
    await phone.getByTestId('submit-text').pressSequentially('Kdy opraví chodník?');
    await phone.getByTestId('submit-error').waitFor({ state: 'detached' });
    await phone.getByTestId('submit-button').click();
    await phone.waitForFunction(() => (document.querySelector('[data-testid=submit-status]')?.textContent ?? '').trim() !== '');
    await moderate(ev, 'board:lock', { locked: true });
    await phone.getByTestId('submit-locked').waitFor();
    await phone.waitForFunction(() => (document.querySelector('[data-testid=submit-status]')?.textContent ?? '').trim() === '');
  });
});

describe('O11 the organization of a new card', () => {
  it('starts from the panelist’s own organization on every new card, whatever the last card used', async () => {
    const ev = await createTestEvent(server.url);
    const page = await panelist(ev, 1);
    const org = page.getByTestId('post-org');
    const own = await org.inputValue();
    const ownName = await org.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent ?? '');
    expect(ownName).not.toBe('');
    const other = await org
      .locator('option')
      .nth(3)
      .evaluate((el) => (el as HTMLOptionElement).value);
    expect(other).not.toBe(own);
    await org.selectOption(other);
    await page.getByTestId('post-text').fill('Karta za jinou organizaci');
    await page.getByTestId('post-submit').click();
    await page.getByTestId('card').filter({ hasText: 'Karta za jinou organizaci' }).waitFor();
    expect(await org.inputValue()).toBe(own);

    await page.getByTestId('post-text').fill('Další karta za mou organizaci');
    await page.getByTestId('post-submit').click();
    const card = page.getByTestId('card').filter({ hasText: 'Další karta za mou organizaci' });
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain(ownName);
  });
});
