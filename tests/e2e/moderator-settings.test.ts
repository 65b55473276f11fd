/**
 * The moderator's settings and what the projector shows of the audience, in real Chromium
 * against the built server (the session: moderator-session.ts):
 *   M1  the audience settings panel applies pre-moderation, the vote budget, comments and the
 *       offered reactions to the board, and they survive a reload;
 *   M2  the projector shows how many are in the audience;
 *   M3  clusters on the projector say how many organizations raised them;
 *   M4  the redaction dialog says the old text is erased for good, works with the keyboard and
 *       changes nothing when cancelled.
 */
import { describe, expect, it } from 'vitest';
import { readMeta } from '../../src/lib/board/index.js';
import { screenshot, VIEWPORTS } from '../../support/browser.js';
import { createTestEvent } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { openProvider } from '../../support/yjs-clients.js';
import { demo, full, moderatorSession, open, openSection, server, state } from './moderator-session.js';
import { consoleCard, openCardMenu } from './support/card-menu.js';

moderatorSession();

describe('moderator participation: settings and the projector', () => {
  it('M1 the settings panel applies pre-moderation, vote budget, comments and reactions, and they survive a reload', async () => {
    // A board of its own, so the contract's defaults are what the panel starts from.
    const ev = await createTestEvent(server.url);
    const board = await openProvider(server.url.replace(/^http/, 'ws'), ev.boardId, ev.tokens.moderator);
    const page = await open(ev.response.links[ev.boardId].moderator, VIEWPORTS.laptop);
    await openSection(page, 'settings');
    const panel = page.getByTestId('audience-settings');
    const pressed = () => panel.locator('[data-testid=settings-reaction][aria-pressed=true]').evaluateAll((els) => els.map((el) => el.getAttribute('data-emoji')));
    /** What the panel shows, once it shows `expected` (a reloaded page may first render its offline copy). */
    const shows = async (expected: Record<string, unknown>) => {
      const read = async () => ({
        preModeration: await panel.getByTestId('settings-premoderation').isChecked(),
        // A disabled budget field (unlimited votes) counts as no budget.
        voteBudget: (await panel.getByTestId('settings-vote-budget').isDisabled()) ? null : await panel.getByTestId('settings-vote-budget').inputValue(),
        unlimited: await panel.getByTestId('settings-vote-unlimited').isChecked(),
        commentsAllowed: await panel.getByTestId('settings-comments').isChecked(),
        reactions: await pressed()
      });
      await waitFor(async () => JSON.stringify(await read()) === JSON.stringify(expected), 'the panel showing the settings').catch(() => undefined);
      return read();
    };

    // The board's defaults, as the panel shows them.
    const defaults = { preModeration: true, voteBudget: '5', unlimited: false, commentsAllowed: false, reactions: ['👍', '❤️', '👏', '🤔', '❓'] };
    expect(await shows(defaults)).toEqual(defaults);
    await panel.evaluate((el) => el.closest('details')?.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'moderator-settings-1366');

    await panel.getByTestId('settings-premoderation').uncheck();
    await panel.getByTestId('settings-vote-budget').fill('12');
    await panel.getByTestId('settings-vote-budget').press('Tab');
    await panel.getByTestId('settings-comments').check();
    await panel.locator('[data-testid=settings-reaction][data-emoji="🤔"]').click();
    await waitFor(async () => !(await pressed()).includes('🤔'), 'the 🤔 chip released');
    await panel.locator('[data-testid=settings-reaction][data-emoji="💡"]').click();

    const wanted = { preModeration: false, voteBudget: 12, commentsAllowed: true, reactions: ['👍', '❤️', '👏', '❓', '💡'] };
    const applied = () => {
      const m = readMeta(board.doc);
      return { preModeration: m.preModeration, voteBudget: m.voteBudget, commentsAllowed: m.commentsAllowed, reactions: m.reactions };
    };
    await waitFor(() => JSON.stringify(applied()) === JSON.stringify(wanted), 'the settings on the server').catch(() => undefined);
    expect(applied()).toEqual(wanted);

    // An out-of-range budget is refused in the panel and never sent.
    await panel.getByTestId('settings-vote-budget').fill('0');
    await panel.getByTestId('settings-vote-budget').press('Tab');
    await panel.getByTestId('settings-vote-budget-error').waitFor();
    expect(readMeta(board.doc).voteBudget).toBe(12);

    await page.reload();
    await openSection(page, 'settings');
    const kept = { preModeration: false, voteBudget: '12', unlimited: false, commentsAllowed: true, reactions: wanted.reactions };
    expect(await shows(kept)).toEqual(kept);

    // Unlimited votes: the number field is disabled, the board stores no budget, and it stays so.
    await panel.getByTestId('settings-vote-unlimited').check();
    await waitFor(() => readMeta(board.doc).voteBudget === null, 'an unlimited budget on the server');
    await panel.locator('[data-testid=settings-vote-budget]:disabled').waitFor();
    await page.reload();
    await openSection(page, 'settings');
    const unlimited = { ...kept, voteBudget: null, unlimited: true };
    expect(await shows(unlimited)).toEqual(unlimited);
    board.destroy();
  });

  it('M2 the projector shows how many are in the audience once two phones join', async () => {
    const projector = await open(demo.links.projector, VIEWPORTS.projector);
    const count = projector.getByTestId('projector-audience');
    await waitFor(async () => (await count.textContent())?.includes('0 in the audience'), 'nobody in the audience yet');
    await open(demo.links.audience, VIEWPORTS.phone);
    await open(demo.links.audience, VIEWPORTS.phone);
    await waitFor(async () => (await count.textContent())?.includes('2 in the audience'), 'two in the audience on the projector');
    // The counters sit in the projector's slim footer: legible from the hall, at least 2 % of the screen height.
    const px = await count.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(px).toBeGreaterThanOrEqual(0.02 * VIEWPORTS.projector.height);
  });

  it('M3 clusters on the projector say how many organizations raised them', async () => {
    const board = state(full);
    // Two cards of one topic from two organizations: the projector stacks a cluster within its topic's column.
    const a = board.cards.find((c) => board.cards.some((d) => d.topicId === c.topicId && d.orgId && c.orgId && d.orgId !== c.orgId))!;
    const b = board.cards.find((d) => d.topicId === a.topicId && d.orgId !== a.orgId)!;
    await demo.moderate('card:cluster', { cardIds: [a.id, b.id], title: 'Capacity' });
    const projector = await open(demo.links.projector, VIEWPORTS.projector);
    // The cluster's cards stand together as one stack, labelled once with its organizations.
    const card = projector.locator(`[data-testid=card][data-card-id="${a.id}"]`);
    await card.waitFor();
    const label = () => card.evaluate((el) => el.closest('[data-testid=projector-stack]')?.querySelector('header')?.textContent ?? '');
    await waitFor(async () => /Capacity\s*2 cards · 2 organizations/.test(await label()), 'the cluster stack with its organizations');
    await demo.moderate('card:uncluster', { cardId: a.id });
    await demo.moderate('card:uncluster', { cardId: b.id });
  });

  it('M4 the redaction dialog says the old text goes for good, works with the keyboard, and changes nothing when cancelled', async () => {
    const page = await open(demo.links.moderator, VIEWPORTS.laptop);
    const cardId = demo.cardIds[0];
    const before = state(full).cards.find((c) => c.id === cardId)!.text;
    // The card's menu is opened (its keys: console-layout.test.ts C3), then the dialog works with the keyboard.
    const panel = await openCardMenu(consoleCard(page, cardId));
    await panel.getByTestId('redact-button').focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('redact-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('erased for good');
    expect(await page.getByTestId('redact-text').inputValue()).toBe(before);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('redact-text');

    // Nothing changed: the dialog says so instead of sending.
    await page.getByTestId('redact-submit').click();
    await page.getByTestId('redact-error').waitFor();

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // The focus is back on the card's menu button, which the dialog was opened from.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('card-menu');
    expect(state(full).cards.find((c) => c.id === cardId)!.text).toBe(before);
  });
});
