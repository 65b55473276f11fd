/** A2–A5: keyboard alone, switching the language, text at 200 %, reduced motion (see session.ts). */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { VIEWPORTS } from '../../../support/browser.js';
import { call, connectAs } from '../../../support/socket-client.js';
import { waitFor } from '../../../support/wait.js';
import { keyboardCardMenuAction, previewStarted } from '../support/card-menu.js';
import { a11ySession } from './session.js';

const session = a11ySession();

/** Presses Tab until the focused element matches `selector`; fails after `max` presses. */
async function tabTo(page: Page, selector: string, max = 150): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Where the keyboard focus is: a test id and the card it sits in, or 'body' when it was lost. */
const focusedAt = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    return `${el.getAttribute('data-testid') ?? el.tagName.toLowerCase()} in ${el.closest('[data-card-id]')?.getAttribute('data-card-id') ?? '-'}`;
  });

describe('A2 keyboard only', () => {
  it('a panelist fills in who they are and posts a card without a mouse', async () => {
    const page = await session.open(session.demo.links.panelist, 'en', VIEWPORTS.laptop);
    await page.getByTestId('identity-form').waitFor();
    await tabTo(page, '[data-testid=identity-name]');
    await page.keyboard.type('Keyboard Kate');
    await tabTo(page, '[data-testid=identity-save]');
    await page.keyboard.press('Enter');
    await page.getByTestId('post-form').waitFor();
    await tabTo(page, '[data-testid=post-text]');
    await page.keyboard.type('Posted with the keyboard alone.');
    await tabTo(page, '[data-testid=post-submit]');
    await page.keyboard.press('Enter');
    await page.getByTestId('card').filter({ hasText: 'Posted with the keyboard alone.' }).waitFor();
  });

  it('a moderator moves a card to the next topic with the keyboard', async () => {
    const page = await session.open(session.demo.links.moderator, 'en', VIEWPORTS.laptop);
    const cardId = session.demo.cardIds[0];
    const card = page.locator(`[data-testid=column] [data-testid=card][data-card-id="${cardId}"]`);
    await card.waitFor();
    const column = async () => card.evaluate((el) => el.closest('[data-testid=column]')?.getAttribute('data-topic-id'));
    const before = await column();
    // The moves are in the card's menu: Tab to its button, Enter, the arrows, Enter.
    await previewStarted(page);
    await tabTo(page, `[data-testid=column] [data-card-id="${cardId}"] [data-testid=card-menu]`, 400);
    await keyboardCardMenuAction(page, cardId, 'move-right');
    await waitFor(async () => (await column()) !== before, 'the card in another column');
    // Focus stays with the moved card, its menu still open, so it can keep moving.
    await waitFor(async () => (await focusedAt(page)) === `move-right in ${cardId}`, 'the focus on the moved card’s move button', 2_000);
    const moved = await column();
    await page.keyboard.press('Enter');
    await waitFor(async () => (await column()) !== moved, 'the card one more column along');
  });

  it('someone in the audience votes with the keyboard', async () => {
    const page = await session.open(session.demo.links.audience, 'en', VIEWPORTS.phone);
    await page.getByTestId('card').first().waitFor();
    await tabTo(page, '[data-testid=vote-button][aria-pressed=false]');
    await page.keyboard.press('Space');
    await waitFor(() => page.evaluate(() => document.activeElement?.getAttribute('aria-pressed') === 'true'), 'the focused vote button pressed');
  });

  it("a moderator edits a card's text with the keyboard, and the focus returns to the card", async () => {
    const page = await session.open(session.demo.links.moderator, 'en', VIEWPORTS.laptop);
    const cardId = session.demo.cardIds[1];
    const inColumn = `[data-testid=column] [data-card-id="${cardId}"]`;
    await page.locator(inColumn).first().waitFor();
    await previewStarted(page);
    await tabTo(page, `${inColumn} [data-testid=card-menu]`, 400);
    await keyboardCardMenuAction(page, cardId, 'edit-button');
    // The editor takes the focus, on its text.
    await waitFor(async () => (await focusedAt(page)) === `edit-text in ${cardId}`, 'the focus on the edit text', 2_000);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Edited with the keyboard alone.');
    await tabTo(page, `[data-testid=card-editor][data-card-id="${cardId}"] [data-testid=edit-submit]`, 10);
    await page.keyboard.press('Enter');
    await page.locator(`${inColumn} [data-testid=card-text]`).filter({ hasText: 'Edited with the keyboard alone.' }).waitFor();
    await waitFor(async () => (await focusedAt(page)) === `card-menu in ${cardId}`, 'the focus back on the card', 2_000);
    // Escape leaves the editor without saving, the focus again on the card.
    await keyboardCardMenuAction(page, cardId, 'edit-button');
    await waitFor(async () => (await focusedAt(page)) === `edit-text in ${cardId}`, 'the focus on the edit text again', 2_000);
    await page.keyboard.type(' Not kept.');
    await page.keyboard.press('Escape');
    await waitFor(async () => (await focusedAt(page)) === `card-menu in ${cardId}`, 'the focus back on the card after Escape', 2_000);
    expect(await page.locator(`${inColumn} [data-testid=card-text]`).textContent()).toBe('Edited with the keyboard alone.');
  });

  it('a moderator approves one audience submission and rejects another with a reason, without a mouse', async () => {
    const { topics } = session.demo.state();
    const audience = await connectAs(session.server.url, session.demo.event.boardId, session.demo.event.tokens.audience);
    const texts = ['Approved from the keyboard: interpreters at the foreign police', 'Rejected from the keyboard: buy cheap watches'];
    const ids: string[] = [];
    try {
      for (const [i, text] of texts.entries()) {
        const ack = await call<{ id: string }>(audience, 'submission:create', {
          type: 'card',
          key: `a2-queue-${i}`,
          kind: 'question',
          text,
          topicId: topics[0].id,
          author: '',
          orgId: null
        });
        if (!ack.ok) throw new Error(`submission refused: ${JSON.stringify(ack)}`);
        ids.push(ack.data.id);
      }
    } finally {
      audience.close();
    }
    const page = await session.open(session.demo.links.moderator, 'en', VIEWPORTS.laptop);
    const item = (id: string) => `[data-testid=queue-item][data-submission-id="${id}"]`;
    await page.locator(item(ids[1])).waitFor();
    // The header's queue badge takes the keyboard past the board to the queue.
    await tabTo(page, '[data-testid=queue-badge]');
    await page.keyboard.press('Enter');
    await tabTo(page, `${item(ids[0])} [data-testid=queue-approve]`, 40);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=column] [data-testid=card]').filter({ hasText: texts[0] }).waitFor();
    // The focus moves on to the item that took the decided one's place.
    await waitFor(
      async () => page.evaluate((s) => document.activeElement?.matches(s) ?? false, `${item(ids[1])} [data-testid=queue-approve]`),
      'the focus on the next item',
      2_000
    );

    await tabTo(page, `${item(ids[1])} [data-testid=queue-reject]`, 10);
    await page.keyboard.press('Enter');
    // The reasons take the focus when they open; Escape closes them and gives it back to Reject.
    const focusedOn = (selector: string) => page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);
    await waitFor(() => focusedOn(`${item(ids[1])} [data-testid=queue-reject-off-topic]`), 'the focus on the first reason', 2_000);
    await page.keyboard.press('Escape');
    await waitFor(() => focusedOn(`${item(ids[1])} [data-testid=queue-reject]`), 'the focus back on Reject', 2_000);
    await page.keyboard.press('Enter');
    // The first reason, off-topic, has the focus again.
    await waitFor(() => focusedOn(`${item(ids[1])} [data-testid=queue-reject-off-topic]`), 'the focus on off-topic', 2_000);
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid=queue-decided-item][data-submission-id="${ids[1]}"][data-status=rejected]`).waitFor({ state: 'attached' });
    await page.locator(item(ids[1])).waitFor({ state: 'detached' });
    expect(await page.getByTestId('board-columns').textContent()).not.toContain(texts[1]);
    expect(await focusedAt(page)).not.toBe('body');
  });

  it('a moderator hides a card with the keyboard, and the focus moves to the card that took its place', async () => {
    const page = await session.open(session.demo.links.moderator, 'en', VIEWPORTS.laptop);
    const cardId = session.demo.cardIds[2];
    const inColumn = `[data-testid=column] [data-card-id="${cardId}"]`;
    await page.locator(inColumn).first().waitFor();
    await previewStarted(page);
    await tabTo(page, `${inColumn} [data-testid=card-menu]`, 400);
    await keyboardCardMenuAction(page, cardId, 'hide-button');
    await page.locator(inColumn).first().waitFor({ state: 'detached' });
    await waitFor(async () => /^card-menu in /.test(await focusedAt(page)), 'the focus on the next card’s menu button', 2_000);
    expect(await focusedAt(page)).not.toBe(`card-menu in ${cardId}`);
    await session.demo.moderate('card:hide', { cardId, hidden: false });
  });

  it('a moderator spotlights a card and takes it off again with the keyboard, keeping the focus', async () => {
    const page = await session.open(session.demo.links.moderator, 'en', VIEWPORTS.laptop);
    const cardId = session.demo.cardIds[3];
    const menu = `[data-testid=column] [data-card-id="${cardId}"] [data-testid=card-menu]`;
    const card = `[data-testid=column] [data-testid=card][data-card-id="${cardId}"]`;
    await page.locator(menu).waitFor();
    await previewStarted(page);
    await tabTo(page, menu, 400);
    await keyboardCardMenuAction(page, cardId, 'spotlight-button');
    await page.locator(`${card}.spotlighted`).waitFor();
    // The menu closed and gave the focus back to its button.
    expect(await focusedAt(page)).toBe(`card-menu in ${cardId}`);
    expect(await page.locator(menu).getAttribute('aria-expanded')).toBe('false');
    await keyboardCardMenuAction(page, cardId, 'spotlight-button');
    await page.locator(`${card}:not(.spotlighted)`).waitFor();
    expect(await focusedAt(page)).toBe(`card-menu in ${cardId}`);
  });
});

describe('A3 switching the language', () => {
  it('keeps a half-typed card and does not reload', async () => {
    const page = await session.open(session.demo.links.moderator, 'cs', VIEWPORTS.laptop);
    await page.getByTestId('post-text').waitFor();
    await page.evaluate(() => ((window as unknown as { __notReloaded: boolean }).__notReloaded = true));
    await page.getByTestId('post-text').fill('Napůl napsaná karta');
    const before = await page.getByTestId('post-submit').textContent();
    await page.getByTestId('locale-en').click();
    await waitFor(async () => (await page.getByTestId('post-submit').textContent()) !== before, 'labels in English');
    expect(await page.getByTestId('post-text').inputValue()).toBe('Napůl napsaná karta');
    expect(await page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  });
});

describe('A4 text at 200 %', () => {
  it.each([
    ['audience', 'phone'],
    ['panelist', 'laptop'],
    ['moderator', 'laptop']
  ] as const)('the %s page at %s width does not scroll sideways', async (role, viewport) => {
    const page = await session.open(session.demo.links[role], 'cs', VIEWPORTS[viewport]);
    await page.getByTestId('card').first().waitFor();
    await page.evaluate(() => (document.documentElement.style.fontSize = '200%'));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expect(page.getByTestId('card-text').first().isVisible()).resolves.toBe(true);
  });
});

describe('A5 motion and announcements', () => {
  it('with reduced motion a new card does not animate, and its arrival is announced politely', async () => {
    const page = await session.open(session.demo.links.audience, 'en', VIEWPORTS.phone, { reducedMotion: 'reduce' });
    await page.getByTestId('card').first().waitFor();
    const live = page.getByTestId('new-cards-live');
    expect(await live.getAttribute('aria-live')).toBe('polite');
    await session.demo.addCards(1);
    const fresh = page.locator(`[data-card-id="${session.demo.cardIds.at(-1)}"]`);
    await fresh.waitFor();
    await waitFor(async () => ((await live.textContent()) ?? '').trim().length > 0, 'an announcement');
    const motion = await fresh.evaluate((el) => {
      const s = getComputedStyle(el);
      return { name: s.animationName, seconds: parseFloat(s.animationDuration) };
    });
    expect(motion.name === 'none' || motion.seconds <= 0.01).toBe(true);
  });
});
