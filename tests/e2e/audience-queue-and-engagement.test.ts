/**
 * The audience's phone (390×844) with the submission queue and the engagement actions, real
 * server process, real Chromium:
 *   P5  a pending submission is invisible to others, its approval and rejection reach the
 *       submitter with a way to find the card or the reason, the vote budget is enforced, and
 *       polls are voted and show results.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../../support/browser.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { waitFor } from '../../support/wait.js';
import { audienceSession, demo, openAudience, server, stateOf, submission, submitCard } from './audience-phone.js';

audienceSession();

describe('P5 with the submission queue and engagement actions on the server', () => {
  let moderator: TestSocket;
  beforeAll(async () => {
    moderator = await connectAs(server.url, demo.event.boardId, demo.event.tokens.moderator);
    await demo.moderate('board:settings', { preModeration: true, voteBudget: 5, commentsAllowed: false });
  });
  afterAll(() => moderator?.close());

  /** The public "N waiting" counter as a page shows it (absent while nothing was submitted). */
  const waiting = async (page: Page): Promise<number> =>
    (await page.getByTestId('queue-counts').count()) === 0 ? 0 : Number(await page.getByTestId('queue-counts').getAttribute('data-pending'));

  /** The server's id of a submission, as its author's page learned it from the ack. */
  const submissionIdOf = async (page: Page, text: string): Promise<string> => (await submission(page, text).getAttribute('data-submission-id')) ?? '';

  it('a pending submission is visible to its author only; approval shows it to everyone and lets the author find it', async () => {
    const { page } = await openAudience();
    const other = await openAudience();
    const text = 'Kdo platí tlumočníky na úřadech městských částí?';
    const before = await waiting(other.page);
    await submitCard(page, text);
    await waitFor(async () => (await stateOf(page, text)) === 'pending', 'waiting for moderation');
    expect(await submission(page, text).getByTestId('submission-state').textContent()).toContain('waiting for moderation');
    await waitFor(async () => (await waiting(other.page)) === before + 1, 'the public counter');
    expect(await other.page.getByTestId('queue-counts').textContent()).toContain(`${before + 1} waiting`);
    expect(await other.page.getByText(text).count()).toBe(0);
    await screenshot(page, 'audience-status-pending-390');

    const approved = await call<{ resultId: string }>(moderator, 'queue:approve', { submissionId: await submissionIdOf(page, text) });
    expect(approved.ok).toBe(true);
    await waitFor(async () => (await stateOf(page, text)) === 'approved', 'shown');
    await other.page.getByTestId('card').filter({ hasText: text }).waitFor();
    await submission(page, text).getByTestId('submission-find').click();
    const cardId = approved.ok ? approved.data.resultId : '';
    await waitFor(() => page.evaluate((id) => document.activeElement?.id === `card-${id}`, cardId), 'the card focused');
    await screenshot(page, 'audience-status-approved-390');
  });

  it('a rejection reaches the author with its reason, in their language', async () => {
    const { page } = await openAudience();
    const text = 'Moje telefonní číslo je 777 123 456, zavolejte mi.';
    await submitCard(page, text, 'proposal');
    await waitFor(async () => (await stateOf(page, text)) === 'pending', 'waiting for moderation');
    const rejected = await call(moderator, 'queue:reject', { submissionId: await submissionIdOf(page, text), reason: 'personal-data' });
    expect(rejected.ok).toBe(true);
    await waitFor(async () => (await stateOf(page, text)) === 'rejected', 'rejected');
    expect(await submission(page, text).getByTestId('submission-reason').textContent()).toContain('It contained personal data');
    await page.getByTestId('locale-cs').click();
    expect(await submission(page, text).getByTestId('submission-reason').textContent()).toContain('Obsahovalo osobní údaje');
    await page.getByTestId('locale-en').click();
    await screenshot(page, 'audience-status-list-390');
  });

  it('the vote budget counts down, disables voting at zero, and the server refuses a vote past it', async () => {
    await demo.moderate('board:settings', { voteBudget: 1 });
    const { page } = await openAudience();
    await waitFor(async () => (await page.getByTestId('votes-left').textContent())?.includes('1 vote left'), 'one vote left');
    const cards = page.locator('li[id^="card-"]');
    await cards.nth(0).getByTestId('vote-button').click();
    await page.locator('[data-testid=votes-left][data-left="0"]').waitFor();
    expect(await cards.nth(1).getByTestId('vote-button').isDisabled()).toBe(true);
    expect(await cards.nth(0).getByTestId('vote-button').isDisabled()).toBe(false);
    const device = await page.evaluate(() => localStorage.getItem('panel-board:device'));
    const same = await connectAs(server.url, demo.event.boardId, demo.event.tokens.audience, device ?? undefined);
    const refused = await call(same, 'vote:toggle', { cardId: demo.cardIds[1] });
    same.close();
    expect(refused).toMatchObject({ ok: false, reason: 'budget-exhausted' });
    await demo.moderate('board:settings', { voteBudget: 5 });
  });

  it('an open poll is voted on from the phone and shows the results with my choice', async () => {
    const created = await call<{ pollId: string }>(moderator, 'poll:create', {
      question: 'Co je pro vaše město nejnaléhavější?',
      multiple: false,
      options: [
        { text: 'Bydlení', cardId: null },
        { text: 'Jazykové kurzy', cardId: null },
        { text: 'Tlumočení na úřadech', cardId: null }
      ]
    });
    if (!created.ok) throw new Error(JSON.stringify(created));
    await demo.moderate('poll:show', { pollId: created.data.pollId });
    const { page } = await openAudience();
    const poll = page.getByTestId('poll-card');
    await poll.waitFor();
    await screenshot(page, 'audience-poll-390');
    await poll.getByTestId('poll-option').nth(1).check();
    await poll.getByTestId('poll-submit').click();
    await poll.getByTestId('poll-results').waitFor();
    await waitFor(async () => (await poll.locator('[data-testid=poll-result][data-mine=true]').getAttribute('data-count')) === '1', 'my vote counted');
    expect(await poll.locator('[data-testid=poll-result][data-mine=true]').textContent()).toContain('Jazykové kurzy');
    await screenshot(page, 'audience-poll-results-390');
    await demo.moderate('poll:close', { pollId: created.data.pollId });
    await page.locator('[data-testid=poll-card][data-open=false]').waitFor();
    expect(await poll.getByTestId('poll-form').count()).toBe(0);
    await demo.moderate('poll:show', { pollId: null });
  });
});
