/**
 * Issue "Core board", browser side: a moderator creates an event in the UI, a panelist posts,
 * the projector shows it, a spotlight shows it large, the audience votes on a phone; the
 * projector stays readable and unscrolled with 5, 50 and 300 cards. Real server process,
 * real Chromium.
 */
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addCard, LOCAL, participantKey, readBoard } from '../../src/lib/board/index.js';
import type { BoardSession } from '../../src/lib/protocol/api.js';
import { newPage, screenshot, VIEWPORTS } from '../../support/browser.js';
import type { ServerProcess } from '../../support/server-process.js';
import { call, connectAs } from '../../support/socket-client.js';
import { waitFor } from '../../support/wait.js';
import { openProvider } from '../../support/yjs-clients.js';
import { browserTest } from '../fixtures.js';
import { cardMenuAction } from './support/card-menu.js';

let browser: Browser;
let server: ServerProcess;
let session: BoardSession;
const links = () => session.links![session.board.id];

const CARD_TEXT = 'Na úřadech chybí tlumočníci a interkulturní pracovníci.';

async function createEventInUi(page: Page): Promise<string> {
  await page.goto(server.url + '/');
  await page.getByTestId('create-title').fill('Výzvy integrace 2026');
  await page.getByTestId('create-date').fill('2026-11-27');
  await page.getByTestId('create-place').fill('Nová radnice, Praha');
  await page.getByTestId('create-template-integration').check();
  await page.getByTestId('create-lang').selectOption('cs');
  await page.getByTestId('create-workshops').fill('Workshop A: Bydlení\nWorkshop B: Práce');
  await page.getByTestId('create-submit').click();
  await page.getByTestId('created-event').waitFor();
  await page.getByTestId('open-console').click();
  await page.waitForURL(/\/b\/[^/]+\/moderate\?t=/);
  return page.url();
}

async function cardByText(page: Page, text: string) {
  const card = page.getByTestId('card').filter({ hasText: text }).first();
  await card.waitFor({ timeout: 10_000 });
  return card;
}

describe('core board in the browser', () => {
  let moderator: Page;
  let panelist: Page;
  let projector: Page;
  let audience: Page;

  browserTest.beforeAll(async ({ app, browser: chromium }) => {
    browser = chromium;
    server = app;
  });

  it('a moderator creates an event from the home page and lands in the console', async () => {
    ({ page: moderator } = await newPage(browser, VIEWPORTS.laptop));
    const url = new URL(await createEventInUi(moderator));
    const boardId = url.pathname.split('/')[2];
    const res = await fetch(`${server.url}/api/boards/${boardId}?t=${url.searchParams.get('t')}`);
    expect(res.status).toBe(200);
    session = (await res.json()) as BoardSession;
    expect(session.role).toBe('moderator');
    expect(session.boards.map((b) => b.kind)).toEqual(['main', 'workshop', 'workshop']);
    await moderator.getByTestId('column').first().waitFor();
    await expect(moderator.getByTestId('column').count()).resolves.toBeGreaterThanOrEqual(6);
    // The links are open at the top of the console: where a moderator looks first.
    await moderator.getByTestId('board-links').first().waitFor();
  });

  it('a panelist posts a card and the projector shows it', async () => {
    ({ page: projector } = await newPage(browser, VIEWPORTS.projector));
    await projector.goto(links().projector);
    await projector.getByTestId('projector').waitFor();

    ({ page: panelist } = await newPage(browser, VIEWPORTS.laptop));
    await panelist.goto(links().panelist);
    await panelist.getByTestId('identity-name').fill('Jana Nováková');
    await panelist.getByTestId('identity-org').selectOption({ label: 'Plzeň' });
    await panelist.getByTestId('identity-save').click();
    await panelist.getByTestId('post-kind-weakness').check();
    await panelist.getByTestId('post-text').fill(CARD_TEXT);
    await panelist.getByTestId('post-topic').selectOption({ label: 'Úřady a služby' });
    const sent = Date.now();
    await panelist.getByTestId('post-submit').click();

    await cardByText(projector, CARD_TEXT);
    console.log(`card reached the projector ${Date.now() - sent} ms after the click`);
    await cardByText(panelist, CARD_TEXT);
    const card = await cardByText(projector, CARD_TEXT);
    await expect(card.textContent()).resolves.toContain('Plzeň');
    const fontPx = await card.getByTestId('card-text').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(fontPx).toBeGreaterThanOrEqual(28);
  });

  it('a spotlight shows the card large on the projector', async () => {
    const card = await cardByText(moderator, CARD_TEXT);
    await cardMenuAction(card.locator('xpath=ancestor::li[1]'), 'spotlight-button');
    const overlay = projector.getByTestId('spotlight-overlay');
    await overlay.waitFor();
    await expect(overlay.textContent()).resolves.toContain(CARD_TEXT);
    const px = await overlay.getByText(CARD_TEXT).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(px).toBeGreaterThanOrEqual(40);
    await projector.waitForTimeout(800); // let the entrance animation settle before the screenshot
    await screenshot(projector, 'core-projector-spotlight-1920');
    await cardMenuAction(card.locator('xpath=ancestor::li[1]'), 'spotlight-button');
    await overlay.waitFor({ state: 'detached' });
  });

  it('the audience sees the board on a phone and votes; the vote reaches the panelist', async () => {
    ({ page: audience } = await newPage(browser, VIEWPORTS.phone));
    await audience.goto(links().audience);
    const card = await cardByText(audience, CARD_TEXT);
    await card.getByTestId('vote-button').click();
    await waitFor(async () => (await card.getByTestId('vote-count').textContent())?.includes('1'), 'audience vote count');
    const panelCard = await cardByText(panelist, CARD_TEXT);
    await waitFor(async () => (await panelCard.getByTestId('vote-count').textContent())?.includes('1'), 'panelist sees the vote');
    await screenshot(audience, 'core-audience-390');
    const scrollX = await audience.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(scrollX).toBeLessThanOrEqual(0);
  });

  it('a hidden card leaves the projector and the audience, and comes back when restored', async () => {
    const card = await cardByText(moderator, CARD_TEXT);
    await cardMenuAction(card.locator('xpath=ancestor::li[1]'), 'hide-button');
    await projector.getByTestId('card').filter({ hasText: CARD_TEXT }).waitFor({ state: 'detached' });
    await audience.getByTestId('card').filter({ hasText: CARD_TEXT }).waitFor({ state: 'detached' });
    await moderator.locator('details:has([data-testid=hidden-cards]) > summary').click();
    await moderator.getByTestId('hidden-cards').getByTestId('restore-button').first().click();
    await cardByText(projector, CARD_TEXT);
  });

  for (const count of [5, 50, 300]) {
    it(`the projector fits ${count} cards without scrolling and stays readable`, async () => {
      const board = session.board.id;
      const writer = await openProvider(server.url.replace('http', 'ws'), board, new URL(links().panelist).searchParams.get('t')!);
      const key = participantKey(board, writer.deviceId);
      const state = readBoard(writer.doc);
      const have = state.cards.filter((c) => !c.hidden).length;
      for (let i = have; i < count; i++) {
        addCard(
          writer.doc,
          {
            kind: (['weakness', 'pitfall', 'good-practice', 'question', 'proposal'] as const)[i % 5],
            text: `Karta ${i + 1}: Příliš žluťoučký kůň úpěl ďábelské ódy — ${'bydlení a práce '.repeat(i % 4)}`,
            orgId: state.orgs[i % state.orgs.length].id,
            author: 'Test',
            authorKey: key,
            topicId: state.topics[i % state.topics.length].id
          },
          LOCAL
        );
      }
      await waitFor(
        async () => (await projector.evaluate(() => document.body.textContent ?? '')).includes(`Karta ${count}:`) || count <= have,
        `card ${count} on the projector`,
        20_000
      ).catch(() => undefined);
      await projector.waitForTimeout(1500);
      const overflow = await projector.evaluate(() => ({
        y: document.documentElement.scrollHeight - window.innerHeight,
        x: document.documentElement.scrollWidth - window.innerWidth
      }));
      expect(overflow.y).toBeLessThanOrEqual(0);
      expect(overflow.x).toBeLessThanOrEqual(0);
      const sizes = await projector.getByTestId('card-text').evaluateAll((els) => els.map((el) => parseFloat(getComputedStyle(el).fontSize)));
      expect(sizes.length).toBeGreaterThan(0);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(28);
      if (count === 300) await projector.getByTestId('page-indicator').first().waitFor();
      await projector.getByTestId('projector-join-code').waitFor();
      await screenshot(projector, `core-projector-${count}-cards-1920`);
      writer.destroy();
    });
  }

  it('a card arriving on a paged board turns the board to the page that shows it; so does a restored card', async () => {
    const board = session.board.id;
    const writer = await openProvider(server.url.replace('http', 'ws'), board, new URL(links().panelist).searchParams.get('t')!);
    const state = readBoard(writer.doc);
    const topic = state.topics[0];
    // One indicator for the whole board (the footer's).
    const indicator = projector.getByTestId('page-indicator');
    const page = () => indicator.evaluate((el) => Number(el.getAttribute('data-page')));
    const pageOfCard = async (text: string): Promise<boolean> => (await projector.getByTestId('card').filter({ hasText: text }).count()) > 0;
    // Start away from the page where the card lands: a projector opened afresh shows the first page
    // (with 300 cards on 15 or more pages, waiting for the rhythm to come round takes minutes).
    await projector.reload();
    await projector.locator('[data-testid=projector-pager][data-settled=true]').waitFor({ timeout: 20_000 });
    expect(await page()).toBe(1);
    const text = 'Nová karta na konci dlouhého sloupce';
    addCard(writer.doc, { kind: 'question', text, orgId: state.orgs[0].id, author: 'Test', authorKey: participantKey(board, writer.deviceId), topicId: topic.id }, LOCAL);
    await projector.getByTestId('card').filter({ hasText: text }).waitFor({ timeout: 5000 });
    expect(await page()).toBeGreaterThan(1);

    // A card restored on a page that is not showing: the board turns to it too.
    const far = readBoard(writer.doc).cards.find((c) => c.text.startsWith('Karta 290:'))!;
    const mod = await connectAs(server.url, board, new URL(links().moderator).searchParams.get('t')!);
    // The projector counts the cards it has (on every page); the hidden one must be gone from it
    // before the restore, or the two would arrive together and nothing would appear.
    const cards = () => projector.getByTestId('projector').evaluate((el) => Number(el.getAttribute('data-cards')));
    const before = await cards();
    expect((await call(mod, 'card:hide', { cardId: far.id, hidden: true })).ok).toBe(true);
    await waitFor(async () => (await cards()) === before - 1, 'the hidden card gone from the projector');
    expect(await pageOfCard('Karta 290:')).toBe(false);
    expect((await call(mod, 'card:hide', { cardId: far.id, hidden: false })).ok).toBe(true);
    await projector.getByTestId('card').filter({ hasText: 'Karta 290:' }).waitFor({ timeout: 5000 });
    const restoredOn = await page();

    // Hidden and restored again while its first return is still fresh (seconds later): a new
    // appearance, so the board turns to it again from wherever another arrival took it.
    const second = 'Druhá nová karta na konci sloupce';
    addCard(writer.doc, { kind: 'question', text: second, orgId: state.orgs[0].id, author: 'Test', authorKey: participantKey(board, writer.deviceId), topicId: topic.id }, LOCAL);
    await projector.getByTestId('card').filter({ hasText: second }).waitFor({ timeout: 5000 });
    expect(await page()).not.toBe(restoredOn);
    const shown = await cards();
    expect((await call(mod, 'card:hide', { cardId: far.id, hidden: true })).ok).toBe(true);
    await waitFor(async () => (await cards()) === shown - 1, 'the card hidden again');
    expect((await call(mod, 'card:hide', { cardId: far.id, hidden: false })).ok).toBe(true);
    await projector.getByTestId('card').filter({ hasText: 'Karta 290:' }).waitFor({ timeout: 5000 });
    expect(await page()).toBe(restoredOn);
    mod.close();
    writer.destroy();
  });
});
