/**
 * The audience's phone (390×844) submitting and following the board's settings, real server
 * process, real Chromium:
 *   P3  a submission typed while offline is kept on the device (also across a reload) and sent
 *       on reconnect under the key it got when it was saved;
 *   P4  the board's settings shape the page: the vote budget counter (none when unlimited), the
 *       allowed reactions, and comments.
 */
import { describe, expect, it } from 'vitest';
import { screenshot } from '../../support/browser.js';
import { waitFor } from '../../support/wait.js';
import { audienceSession, demo, openAudience, stateOf, submission, submitCard } from './audience-phone.js';

audienceSession();

describe('P3 the outbox', () => {
  it('keeps a submission typed while offline, across a reload, and sends it on reconnect under the same key', async () => {
    const { context, page, sent } = await openAudience();
    // Let the service worker take the page, so it reloads without the network.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await page.getByTestId('card').first().waitFor();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

    await context.setOffline(true);
    await page.locator('[data-testid=connection-status]:not([data-status=online])').waitFor();
    const text = 'Jak zapojit zaměstnavatele do výuky češtiny na pracovišti? (psáno offline)';
    await submitCard(page, text);
    expect(await stateOf(page, text)).toBe('saved');
    expect(await submission(page, text).getByTestId('submission-state').textContent()).toContain('sent when you are back online');
    await screenshot(page, 'audience-outbox-offline-390');
    const key = await submission(page, text).getAttribute('data-key');
    expect(key).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    const stored = await page.evaluate((id) => localStorage.getItem(`panel-board:outbox:${id}`), demo.event.boardId);
    expect(JSON.parse(stored ?? '[]')).toEqual([expect.objectContaining({ key, phase: 'saved', content: expect.objectContaining({ text }) })]);

    await page.reload();
    await submission(page, text).waitFor();
    expect(await submission(page, text).getAttribute('data-key')).toBe(key);
    expect(await stateOf(page, text)).toBe('saved');
    expect(sent).toEqual([]);

    await context.setOffline(false);
    // The server answered it: whatever it said, the item left "saved on this device".
    await waitFor(async () => !['saved', 'sending'].includes((await stateOf(page, text)) ?? 'saved'), 'an answer from the server', 20_000);
    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect(new Set(sent.map((p) => p.key))).toEqual(new Set([key]));
    expect(sent[0]).toMatchObject({ type: 'card', kind: 'question', text, topicId: null, author: '', orgId: null });
  });

  it('blocks empty and over-long text in the form, with a counter', async () => {
    const { page, sent } = await openAudience();
    await page.getByTestId('submit-open').click();
    await page.getByTestId('submit-button').click();
    expect(await page.getByTestId('submit-error').textContent()).toContain('Write some text first');
    await page.getByTestId('submit-text').fill('x'.repeat(501));
    expect(await page.getByTestId('submit-counter').textContent()).toContain('501 / 500');
    await page.getByTestId('submit-button').click();
    expect(await page.getByTestId('submit-error').textContent()).toContain('too long');
    expect(await page.getByTestId('submission').count()).toBe(0);
    expect(sent).toEqual([]);
  });
});

describe('P4 the board’s settings shape the page', () => {
  it('shows the votes left for a budget and no counter when unlimited', async () => {
    await demo.moderate('board:settings', { voteBudget: 3 });
    const { page } = await openAudience();
    await waitFor(async () => (await page.getByTestId('votes-left').textContent())?.includes('3 votes left'), 'three votes left');
    await demo.moderate('board:settings', { voteBudget: null });
    await page.locator('[data-testid=votes-left][data-left=unlimited]').waitFor({ state: 'attached' });
    expect((await page.getByTestId('votes-left').textContent())?.trim()).toBe('');
  });

  it('offers exactly the reactions the moderator allows', async () => {
    await demo.moderate('board:settings', { reactions: ['👏', '💡'] });
    const { page } = await openAudience();
    await waitFor(async () => (await page.getByTestId('reaction').evaluateAll((els) => els.map((e) => e.getAttribute('data-emoji')))).join() === '👏,💡', 'the two reactions');
    expect(await page.getByTestId('reaction-bar').getAttribute('data-target')).toBe('board');
    await demo.moderate('card:spotlight', { cardId: demo.cardIds[0] });
    await page.locator('[data-testid=reaction-bar][data-target=spotlight]').waitFor();
    await demo.moderate('card:spotlight', { cardId: null });
    await demo.moderate('board:settings', { reactions: [] });
    await page.getByTestId('reaction-bar').waitFor({ state: 'detached' });
    await demo.moderate('board:settings', { reactions: ['👍', '❤️', '👏', '🤔', '❓'] });
  });

  it('offers comments on cards only while the moderator allows them; the comment form counts to 300', async () => {
    const { page, sent } = await openAudience();
    expect(await page.getByTestId('comment-button').count()).toBe(0);
    await demo.moderate('board:settings', { commentsAllowed: true });
    const card = page.locator(`[data-testid=card][data-card-id="${demo.cardIds[0]}"]`).last();
    await card.getByTestId('comment-button').click();
    await card.getByTestId('comment-text').fill('y'.repeat(301));
    expect(await card.getByTestId('comment-counter').textContent()).toContain('301 / 300');
    await card.getByTestId('comment-submit').click();
    await card.getByTestId('comment-error').waitFor();
    const text = 'Souhlasím, v Plzni je to stejné.';
    await card.getByTestId('comment-text').fill(text);
    await card.getByTestId('comment-submit').click();
    await submission(page, text).waitFor();
    expect(await submission(page, text).getAttribute('data-type')).toBe('comment');
    await waitFor(() => sent.length > 0, 'the comment sent');
    expect(sent[0]).toMatchObject({ type: 'comment', cardId: demo.cardIds[0], text });
    await demo.moderate('board:settings', { commentsAllowed: false });
    await page.getByTestId('comment-button').first().waitFor({ state: 'detached' });
  });
});
