/**
 * Q&A in real Chromium against the built server (issue 21, point 4):
 *   Q-P  a phone (390×844) sees the questions by upvotes, upvotes one and takes it back; an
 *        audience question approved from the queue joins the list;
 *   Q-M  the moderator's console (1366×768) shows the counts, sorts by upvotes or newest and
 *        marks a question answered: it moves to the Answered section on the console and the phone;
 *   Q-J  the projector's questions mode (1024×768, 1920×1080) shows the open questions by upvotes
 *        with their counts, not the answered one.
 */
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { upvoteCount } from '../../src/lib/board/question-list.js';
import { screenshot, VIEWPORTS } from '../../support/browser.js';
import { createDemoBoard, type DemoBoard } from '../../support/demo-board.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { waitFor } from '../../support/wait.js';
import { browserTest } from '../fixtures.js';
import { seriousViolations } from './moderator-session.js';
import { browserFile } from './support/browser-file.js';

const file = browserFile();
let demo: DemoBoard;
let moderator: TestSocket;
/** Question ids, upvoted 5, 2, 7 (answered later), 0, 3 times. */
let questions: string[] = [];
const UPVOTES = [5, 2, 7, 0, 3];

browserTest.beforeAll(async ({ app }) => {
  demo = await createDemoBoard({ url: app.url, lang: 'cs', cards: 4, voters: 0 });
  questions = await demo.addQuestions(UPVOTES.length, UPVOTES);
  moderator = await connectAs(app.url, demo.event.boardId, demo.event.tokens.moderator);
  await waitFor(() => questions.every((id, i) => upvoteCount(demo.state(), id) === UPVOTES[i]), 'the demo upvotes');
});
afterAll(() => {
  moderator?.close();
  demo?.close();
});

/** Card ids of the open (or answered) questions, as a list shows them. */
const listed = (page: Page, list: 'questions-open' | 'questions-answered'): Promise<string[]> =>
  page
    .getByTestId(list)
    .getByTestId('question')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-card-id') ?? ''));
const byUpvotes = (ids: string[], counts: number[]): string[] =>
  ids
    .map((id, i) => [id, counts[i]] as const)
    .sort((a, b) => b[1] - a[1])
    .map(([id]) => id);

async function phone(locale = 'en-US'): Promise<Page> {
  const { page } = await file.open({ viewport: VIEWPORTS.phone, locale });
  await page.goto(demo.links.audience);
  await page.getByTestId('tab-questions').click();
  await page.getByTestId('questions-open').waitFor();
  return page;
}

describe('Q&A on the phone, the console and the projector', () => {
  it('Q-P: the phone lists the questions by upvotes; an upvote counts once and can be taken back', async () => {
    const page = await phone();
    expect(await listed(page, 'questions-open')).toEqual(byUpvotes(questions, UPVOTES));
    const item = page.locator(`[data-testid=question][data-card-id="${questions[3]}"]`);
    const button = item.getByTestId('upvote-button');
    await button.click();
    await item.locator('[data-testid=upvote-count][data-count="1"]').waitFor();
    expect(await button.getAttribute('aria-pressed')).toBe('true');
    await waitFor(() => upvoteCount(demo.state(), questions[3]) === 1, 'the upvote on the server');
    await screenshot(page, 'questions-phone-390');
    expect(await seriousViolations(page)).toEqual([]);
    await button.click();
    await item.locator('[data-testid=upvote-count][data-count="0"]').waitFor();
    expect(await button.getAttribute('aria-pressed')).toBe('false');
    await waitFor(() => upvoteCount(demo.state(), questions[3]) === 0, 'taken back on the server');
  });

  it('Q-P: a question from the audience joins the list once the moderator approves it; the tab speaks Czech', async () => {
    const page = await phone('cs-CZ');
    expect(await page.getByTestId('tab-questions').textContent()).toContain('Otázky');
    const text = 'Bude záznam z panelu k dispozici i s titulky?';
    await page.getByTestId('submit-open').click();
    await page.getByTestId('submit-kind-question').check();
    await page.getByTestId('submit-text').fill(text);
    await page.getByTestId('submit-button').click();
    const mine = page.getByTestId('submission').filter({ hasText: text });
    await waitFor(async () => (await mine.getAttribute('data-state')) === 'pending', 'waiting for moderation');
    const approved = await call(moderator, 'queue:approve', { submissionId: (await mine.getAttribute('data-submission-id')) ?? '' });
    expect(approved.ok).toBe(true);
    await page.getByTestId('questions-open').getByText(text).waitFor();
  });

  it('Q-P: a panelist upvotes a question on the board, like the audience', async () => {
    const { page } = await file.open({ viewport: VIEWPORTS.phone, locale: 'en-US' });
    await page.goto(demo.links.panelist);
    const card = page.locator(`[data-card-id="${questions[3]}"]`).first();
    await card.getByTestId('upvote-button').click();
    await card.locator('[data-testid=upvote-count][data-count="1"]').waitFor();
    await waitFor(() => upvoteCount(demo.state(), questions[3]) === 1, 'the panelist’s upvote on the server');
    await card.getByTestId('upvote-button').click();
    await waitFor(() => upvoteCount(demo.state(), questions[3]) === 0, 'taken back');
  });

  it('Q-M: the console shows the upvotes, sorts by upvotes or newest, and marks a question answered (and back)', async () => {
    const { page } = await file.open({ viewport: { width: 1366, height: 768 }, locale: 'en-US' });
    await page.goto(demo.links.moderator);
    await page.getByTestId('questions-section').locator('summary').click();
    const panel = page.getByTestId('questions-panel');
    await panel.getByTestId('questions-open').waitFor();
    const open = await listed(page, 'questions-open');
    expect(open.slice(0, 3)).toEqual([questions[2], questions[0], questions[4]]);
    const count = (id: string) => panel.locator(`[data-testid=question][data-card-id="${id}"] [data-testid=upvote-count]`).getAttribute('data-count');
    expect(await count(questions[2])).toBe('7');
    await panel.getByTestId('questions-sort-time').click();
    const newest = await listed(page, 'questions-open');
    expect(newest[0]).not.toBe(questions[2]);
    expect(newest.indexOf(questions[4])).toBeLessThan(newest.indexOf(questions[0]));
    await panel.getByTestId('questions-sort-upvotes').click();
    const target = panel.locator(`[data-testid=question][data-card-id="${questions[2]}"]`);
    await target.getByTestId('question-answered-toggle').click();
    await panel.locator(`[data-testid=questions-answered] [data-card-id="${questions[2]}"]`).waitFor();
    await waitFor(() => demo.state().cards.find((c) => c.id === questions[2])?.answeredAt !== undefined, 'answered on the server');
    // Usable at 1366×768: the toggle and the sort buttons are inside the window.
    const box = await panel.locator(`[data-card-id="${questions[2]}"]`).getByTestId('question-answered-toggle').boundingBox();
    expect(box && box.x + box.width <= 1366).toBe(true);
    await screenshot(page, 'questions-console-1366');
    expect(await seriousViolations(page)).toEqual([]);
    const back = panel.locator(`[data-testid=questions-answered] [data-card-id="${questions[2]}"]`);
    await back.getByTestId('question-answered-toggle').click();
    await panel.locator(`[data-testid=questions-open] [data-card-id="${questions[2]}"]`).waitFor();
    await panel.locator(`[data-testid=questions-open] [data-card-id="${questions[2]}"]`).getByTestId('question-answered-toggle').click();
    await panel.locator(`[data-testid=questions-answered] [data-card-id="${questions[2]}"]`).waitFor();
  });

  it('Q-P: the phone shows the answered question apart, marked', async () => {
    const page = await phone();
    await page.getByTestId('questions-answered').locator(`[data-card-id="${questions[2]}"]`).getByTestId('question-answered').waitFor();
    expect(await listed(page, 'questions-open')).not.toContain(questions[2]);
    await page.getByTestId('questions-answered').scrollIntoViewIfNeeded();
    await screenshot(page, 'questions-phone-answered-390');
    expect(await seriousViolations(page)).toEqual([]);
  });

  for (const size of [
    { width: 1024, height: 768 },
    { width: 1920, height: 1080 }
  ])
    it(`Q-J: the projector's questions mode at ${size.width}×${size.height}: open questions by upvotes, with their counts`, async () => {
      const { page } = await file.open({ viewport: size, locale: 'en-US', reducedMotion: 'reduce' });
      await demo.moderate('board:projector', { mode: 'questions' });
      await page.goto(demo.links.projector);
      await page.locator('[data-testid=projector][data-mode=questions]').waitFor();
      await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid=projector-pager]')?.dataset.settled === 'true');
      const shown = await page.getByTestId('card').evaluateAll((els) => els.map((e) => e.getAttribute('data-card-id') ?? ''));
      expect(shown).not.toContain(questions[2]);
      expect(shown.slice(0, 3)).toEqual([questions[0], questions[4], questions[1]]);
      const first = page.locator(`[data-testid=card][data-card-id="${questions[0]}"] [data-testid=upvote-count]`);
      expect(await first.getAttribute('data-count')).toBe('5');
      expect(await page.getByTestId('questions-count').textContent()).toMatch(/\d+ questions · 1 answered/);
      await screenshot(page, `questions-projector-${size.width}`);
    });
});
