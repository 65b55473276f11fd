/**
 * The participation figures in real Chromium against the built server (docs/participation.md):
 *   PF1 the moderator opens them from the console; the totals, and each chart's numbers in its
 *       accessible description, are the session's (phones, peak, submissions, a rejection by
 *       reason, votes, question upvotes, reactions, ballots, cards per topic);
 *   PF2 they fit 1366×768 and 390×844 without sideways scrolling, with no serious axe finding;
 *   PF3 the moderator's switch shows them on the public outputs page, and only then.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readBoard } from '../../src/lib/board/index.js';
import type { SubmissionView } from '../../src/lib/protocol/events.js';
import { VIEWPORTS } from '../../support/browser.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { waitFor } from '../../support/wait.js';
import { openProvider } from '../../support/yjs-clients.js';
import { createTestEvent, type TestEvent } from '../helpers/test-server.js';
import { seriousViolations } from './a11y/session.js';
import { browserFile } from './support/browser-file.js';

const file = browserFile();

/** Three phones: two submissions (one approved, one rejected as a duplicate), two votes, one question upvote, four reactions, three ballots. */
async function session(url: string): Promise<{ ev: TestEvent; sockets: TestSocket[] }> {
  const ev = await createTestEvent(url);
  const mod = await connectAs(url, ev.boardId, ev.tokens.moderator);
  const phones = [await connectAs(url, ev.boardId, ev.tokens.audience), await connectAs(url, ev.boardId, ev.tokens.audience), await connectAs(url, ev.boardId, ev.tokens.audience)];
  const submit = (i: number, text: string) =>
    call<SubmissionView>(phones[i], 'submission:create', { type: 'card', key: `idem-e2e-${i}-${Date.now()}`, kind: 'question', text, topicId: null, author: '', orgId: null });
  const [kept, twice] = [await submit(0, 'How long is the wait for a language course?'), await submit(1, 'How long is the wait for a language course?')];
  if (!kept.ok || !twice.ok) throw new Error('submissions refused');
  const approved = await call<{ resultId: string }>(mod, 'queue:approve', { submissionId: kept.data.id });
  await call(mod, 'queue:reject', { submissionId: twice.data.id, reason: 'duplicate' });
  if (!approved.ok) throw new Error('approval refused');
  for (const p of phones.slice(0, 2)) await call(p, 'vote:toggle', { cardId: approved.data.resultId });
  await call(phones[2], 'question:upvote', { cardId: approved.data.resultId });
  for (let i = 0; i < 4; i++) await call(phones[2], 'reaction:send', { emoji: '👏', target: 'board' });
  const poll = await call<{ pollId: string }>(mod, 'poll:create', {
    question: 'Tea or coffee?',
    multiple: false,
    options: [
      { text: 'Tea', cardId: null },
      { text: 'Coffee', cardId: null }
    ]
  });
  if (!poll.ok) throw new Error('poll refused');
  const reader = await openProvider(url.replace(/^http/, 'ws'), ev.boardId, ev.tokens.moderator);
  await waitFor(() => readBoard(reader.doc).polls.length === 1, 'the poll');
  const optionId = readBoard(reader.doc).polls[0].options[1].id;
  reader.destroy();
  for (const p of phones) await call(p, 'poll:vote', { pollId: poll.data.pollId, optionIds: [optionId] });
  return { ev, sockets: [mod, ...phones] };
}

async function openFigures(ev: TestEvent, viewport: { width: number; height: number }): Promise<Page> {
  const { page } = await file.open({ viewport, locale: 'en-US' });
  await page.goto(ev.response.links[ev.boardId].moderator);
  await page.locator('[data-testid=participation-section] > summary').click();
  await page.getByTestId('participation-open').click();
  await page.getByTestId('chart-activity-svg').waitFor();
  return page;
}

const desc = (page: Page, testid: string) => page.locator(`[data-testid=${testid}] desc`).first().textContent();

describe('participation figures in the browser', () => {
  it('PF1 PF2 the moderator sees the session’s numbers in the totals and in each chart, at 1366×768 and 390×844', async () => {
    const { ev, sockets } = await session(file.server.url);
    try {
      for (const viewport of [VIEWPORTS.laptop, VIEWPORTS.phone]) {
        const page = await openFigures(ev, viewport);
        const dialog = page.getByTestId('participation-dialog');
        await waitFor(async () => (await page.getByTestId('figure-peak').locator('.value').textContent()) === '3', 'the peak of three phones');
        expect(await page.getByTestId('figure-phones').locator('.value').textContent()).toBe('3');
        expect(await page.getByTestId('figure-submissions').locator('.value').textContent()).toBe('2');
        expect(await desc(page, 'chart-moderation')).toBe('Approved: 1; Rejected: Off-topic: 0; Rejected: Duplicate: 1; Rejected: Personal data: 0; Rejected: Inappropriate: 0');
        expect(await desc(page, 'chart-activity')).toMatch(/^Votes: 2, Question upvotes: 1, Reactions: 4, Poll ballots: 3\./);
        expect(await page.getByTestId('activity-total-reactions').textContent()).toContain('4');
        expect(await page.getByTestId('activity-total-upvotes').textContent()).toContain('1');
        expect(await desc(page, 'chart-topics')).toContain('No topic: 1');
        expect(await page.getByTestId('chart-orgs-svg').getAttribute('role')).toBe('img');
        // The bars' numbers are drawn as text too, and listed in the table under the chart.
        expect(await page.locator('[data-testid=chart-moderation-svg] text.value').allTextContents()).toEqual(['1', '0', '1', '0', '0']);
        expect(await dialog.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
        expect(await seriousViolations(page)).toEqual([]);
        await page.context().close();
      }
    } finally {
      for (const s of sockets) s.close();
    }
  });

  it('PF3 the switch shows the figures on the public outputs page', async () => {
    const { ev, sockets } = await session(file.server.url);
    try {
      const publish = await fetch(`${file.server.url}/api/events/${ev.response.eventId}/outputs?t=${ev.tokens.moderator}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: '{"published":true}'
      });
      expect(publish.status).toBe(200);
      const { page: visitor } = await file.open({ viewport: VIEWPORTS.laptop, locale: 'en-US' });
      await visitor.goto(`${file.server.url}/outputs/${ev.response.eventId}`);
      await visitor.getByTestId('outputs-title').waitFor();
      await visitor.waitForLoadState('networkidle');
      expect(await visitor.getByTestId('public-participation').count()).toBe(0);

      const page = await openFigures(ev, VIEWPORTS.laptop);
      await page.getByTestId('participation-public').check();
      await waitFor(async () => (await page.getByTestId('participation-public').isEnabled()) && (await page.getByTestId('participation-public').isChecked()), 'the switch saved');
      await visitor.reload();
      await visitor.getByTestId('public-participation').waitFor();
      expect(await visitor.getByTestId('public-participation').getByTestId('figure-phones').locator('.value').textContent()).toBe('3');
      expect(await desc(visitor, 'chart-activity')).toMatch(/^Votes: 2, Question upvotes: 1, Reactions: 4, Poll ballots: 3\./);
    } finally {
      for (const s of sockets) s.close();
    }
  });
});
