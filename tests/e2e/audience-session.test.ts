/**
 * One session as the hall lives it, every role in its own browser: a moderator (1366×768), the
 * projector (1920×1080) and three phones (390×844), against a real server process.
 *   S1  the three phones join by typing the code on the home page;
 *   S2  a card submitted under pre-moderation waits in the moderator's queue and reaches no
 *       other phone and not the projector;
 *   S3  the moderator approves it in the console: it appears on the projector and the phones,
 *       and its author sees it shown;
 *   S4  the moderator rejects another with a reason, which its author sees;
 *   S5  a phone dot-votes up to the budget, then cannot vote more;
 *   S6  taps on reactions from the phones reach the projector as aggregated bursts;
 *   S7  the moderator launches a poll, the phones vote, the projector shows live bars.
 * The steps share one board and run in order.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { readBoard } from '../../src/lib/board/selectors.js';
import { screenshot, VIEWPORTS } from '../../support/browser.js';
import type { ServerProcess } from '../../support/server-process.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { createTestEvent, type TestEvent } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { openProvider, type ProviderClient } from '../../support/yjs-clients.js';
import { browserTest } from '../fixtures.js';

let browser: Browser;
let server: ServerProcess;
let ev: TestEvent;
let panelist: TestSocket;
let full: ProviderClient;
const contexts: BrowserContext[] = [];
let moderator: Page;
let projector: Page;
const phones: Page[] = [];

const PANEL_CARDS = [
  'Úřední dopisy jsou jen v češtině',
  'Cizinecká policie má dlouhé fronty',
  'Chybí tlumočníci na úřadech',
  'Nedostatek kurzů češtiny pro dospělé',
  'Školy nemají asistenty pro děti cizinců',
  'Bydlení je pro cizince drahé'
];
const SUBMITTED = 'Could the city hall run an info point in English on Saturdays?';
const OFF_TOPIC = 'Where is the best coffee near the venue?';

async function open(url: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'en-US' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  await page.goto(url);
  return page;
}

const mine = (page: Page, text: string) => page.getByTestId('submission').filter({ hasText: text });
const cardTexts = (page: Page) => page.getByTestId('card-text').allTextContents();

browserTest.beforeAll(async ({ app, browser: chromium }) => {
  browser = chromium;
  server = app;
  ev = await createTestEvent(server.url, { lang: 'cs' });
  full = await openProvider(server.url.replace(/^http/, 'ws'), ev.boardId, ev.tokens.moderator);
  await waitFor(() => readBoard(full.doc).topics.length > 0, 'the template topics');
  const topics = readBoard(full.doc).topics;
  panelist = await connectAs(server.url, ev.boardId, ev.tokens.panelist);
  // Spread over the topic columns, so every card fits on the projector's first page.
  for (const [i, text] of PANEL_CARDS.entries()) {
    const ack = await call(panelist, 'submission:create', {
      type: 'card',
      key: `panel-card-${i}`,
      kind: 'weakness',
      text,
      topicId: topics[i % topics.length].id,
      author: 'Brno',
      orgId: null
    });
    expect(ack.ok).toBe(true);
  }
  const links = ev.response.links[ev.boardId];
  moderator = await open(links.moderator, VIEWPORTS.laptop);
  projector = await open(links.projector, VIEWPORTS.projector);
  await projector.getByTestId('projector-pager').waitFor();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  panelist?.close();
  full?.destroy();
});

describe('an audience session: moderator, projector and three phones', () => {
  it('S1 three phones join by typing the code on the home page', async () => {
    const code = ev.response.boards.find((b) => b.id === ev.boardId)!.joinCode;
    for (let i = 0; i < 3; i += 1) {
      const page = await open(`${server.url}/`, VIEWPORTS.phone);
      await page.getByTestId('join-code').fill(code.toLowerCase());
      await page.getByTestId('join-submit').click();
      await page.waitForURL((url) => url.pathname === `/b/${ev.boardId}/view`);
      await page.getByTestId('card').first().waitFor();
      phones.push(page);
    }
    await waitFor(async () => (await projector.getByTestId('projector-audience').textContent())?.includes('3'), 'the projector counting three in the audience');
  });

  it('S2 a pending submission waits in the queue and reaches nobody else', async () => {
    const [author, other] = phones;
    await author.getByTestId('submit-open').click();
    await author.getByTestId('submit-kind-question').check();
    await author.getByTestId('submit-topic').selectOption({ index: 1 });
    await author.getByTestId('submit-text').fill(SUBMITTED);
    await author.getByTestId('submit-button').click();
    await waitFor(async () => (await mine(author, SUBMITTED).getAttribute('data-state')) === 'pending', 'the author seeing it wait for moderation');
    const item = moderator.getByTestId('queue-item').filter({ hasText: SUBMITTED });
    await item.waitFor();
    await waitFor(async () => (await other.getByTestId('queue-counts').getAttribute('data-pending')) === '1', 'the public counter on another phone');
    await screenshot(author, 'session-phone-pending-390');
    // Nothing of its text on the other phones, the projector, or the panelists' document.
    for (const page of [other, phones[2], projector]) expect(await page.content()).not.toContain(SUBMITTED);
    expect(readBoard(full.doc).cards.some((c) => c.text === SUBMITTED)).toBe(false);
  });

  it('S3 the moderator approves it: the projector and every phone show it, its author sees it shown', async () => {
    await moderator.getByTestId('queue-item').filter({ hasText: SUBMITTED }).getByTestId('queue-approve').click();
    await waitFor(async () => (await cardTexts(projector)).includes(SUBMITTED), 'the card on the projector');
    for (const page of phones) await waitFor(async () => (await cardTexts(page)).includes(SUBMITTED), 'the card on a phone');
    await waitFor(async () => (await mine(phones[0], SUBMITTED).getAttribute('data-state')) === 'approved', 'the author seeing it shown');
  });

  it('S4 the moderator rejects another with a reason, which its author sees', async () => {
    const author = phones[1];
    if (await author.getByTestId('submit-open').isVisible()) await author.getByTestId('submit-open').click();
    await author.getByTestId('submit-text').fill(OFF_TOPIC);
    await author.getByTestId('submit-button').click();
    const item = moderator.getByTestId('queue-item').filter({ hasText: OFF_TOPIC });
    await item.getByTestId('queue-reject').click();
    await item.getByTestId('queue-reject-off-topic').click();
    await waitFor(async () => (await mine(author, OFF_TOPIC).getAttribute('data-state')) === 'rejected', 'the author seeing the rejection');
    expect(await mine(author, OFF_TOPIC).getByTestId('submission-reason').textContent()).toMatch(/off.topic/i);
    await screenshot(author, 'session-phone-rejected-390');
    for (const page of [phones[0], phones[2], projector]) expect(await page.content()).not.toContain(OFF_TOPIC);
  });

  it('S5 a phone dot-votes up to the budget of 5, then cannot vote more', async () => {
    const voter = phones[2];
    const left = () => voter.getByTestId('votes-left').getAttribute('data-left');
    expect(await left()).toBe('5');
    const buttons = voter.locator('[data-testid=vote-button][aria-pressed=false]');
    for (let cast = 1; cast <= 5; cast += 1) {
      await buttons.first().click();
      await waitFor(async () => (await left()) === String(5 - cast), `${5 - cast} votes left`);
    }
    const unpressed = voter.locator('[data-testid=vote-button][aria-pressed=false]');
    expect(await unpressed.count()).toBeGreaterThan(0);
    for (const button of await unpressed.all()) expect(await button.isDisabled()).toBe(true);
    const votes = readBoard(full.doc).votes;
    expect([...votes.values()].reduce((n, voters) => n + voters.size, 0)).toBe(5);
  });

  it('S6 reaction taps from the phones reach the projector as aggregated bursts', async () => {
    let most = 0;
    let seen = 0;
    const watch = setInterval(() => {
      projector
        .getByTestId('reaction-float')
        .evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-count'))))
        .then((counts) => {
          most = Math.max(most, ...counts, 0);
          seen = Math.max(seen, counts.length);
        })
        .catch(() => undefined);
    }, 50);
    try {
      // Twelve taps on 👏 within a moment, from three phones.
      await Promise.all(
        phones.map(async (page) => {
          const clap = page.locator('[data-testid=reaction][data-emoji="👏"]');
          for (let i = 0; i < 4; i += 1) await clap.click();
        })
      );
      await waitFor(() => most >= 2, 'a burst counting several taps');
    } finally {
      clearInterval(watch);
    }
    expect(seen).toBeLessThan(12);
    await screenshot(projector, 'session-projector-reactions-1920');
  });

  it('S7 the moderator launches a poll, the phones vote, the projector shows live bars', async () => {
    const polls = moderator.getByTestId('polls-section');
    if (!(await polls.evaluate((el) => (el as HTMLDetailsElement).open))) await moderator.locator('[data-testid=polls-section] > summary').click();
    const form = moderator.getByTestId('poll-form');
    await form.getByTestId('poll-question').fill('Which pitfall is most urgent?');
    await form.getByTestId('poll-take-top').click();
    await waitFor(async () => (await form.getByTestId('poll-option-input').count()) >= 2, 'options from the top cards');
    if (!(await form.getByTestId('poll-show-at-once').isChecked())) await form.getByTestId('poll-show-at-once').check();
    await form.getByTestId('poll-launch').click();
    const bars = projector.getByTestId('projector-poll');
    await bars.waitFor();
    for (const [i, page] of phones.entries()) {
      const card = page.getByTestId('poll-card');
      await card.waitFor();
      await card
        .getByTestId('poll-option')
        .nth(i % 2)
        .check();
      await card.getByTestId('poll-submit').click();
      await card.getByTestId('poll-results').waitFor();
    }
    await waitFor(async () => (await projector.getByTestId('projector-poll-voters').textContent())?.includes('3'), 'the projector counting three voters');
    const poll = readBoard(full.doc).polls.at(-1)!;
    expect(readBoard(full.doc).pollVotes.get(poll.id)?.size).toBe(3);
    await screenshot(projector, 'session-projector-poll-1920');
    await screenshot(phones[0], 'session-phone-poll-390');
  });
});
