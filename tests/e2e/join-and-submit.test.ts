/**
 * The audience's side on a phone (390×844), real server process, real Chromium:
 *   P1  joining: typing the code on the home page (any case, spaces and dashes), and the
 *       projector's /join/<code> link, land on the audience view; a mistyped or unknown code
 *       gets a clear error and the form again;
 *   P2  the nickname and organization are remembered on the device; anonymous by default;
 *   P3  a submission typed while offline is kept on the device (also across a reload) and sent
 *       on reconnect under the key it got when it was saved;
 *   P4  the board's settings shape the page: the vote budget counter (none when unlimited), the
 *       allowed reactions, and comments;
 *   P5  (needs the submissions and engagement server actions) a pending submission is invisible
 *       to others, its approval and rejection reach the submitter with a way to find the card
 *       or the reason, the vote budget is enforced, and polls are voted and show results.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SubmitPayload } from '../../src/lib/client/outbox.js';
import { newPage, screenshot, VIEWPORTS } from '../../support/browser.js';
import { createDemoBoard, type DemoBoard } from '../../support/demo-board.js';
import type { ServerProcess } from '../../support/server-process.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { waitFor } from '../../support/wait.js';
import { browserTest } from '../fixtures.js';

let browser: Browser;
let server: ServerProcess;
let demo: DemoBoard;
const contexts: BrowserContext[] = [];

const joinCode = (): string => demo.event.response.boards[0].joinCode;

async function phone(): Promise<{ context: BrowserContext; page: Page; sent: SubmitPayload[] }> {
  const { context, page } = await newPage(browser, VIEWPORTS.phone);
  contexts.push(context);
  const sent: SubmitPayload[] = [];
  // Watch what really leaves the browser: socket.io event frames `42<ack id>["submission:create",{…}]`.
  page.on('websocket', (ws) =>
    ws.on('framesent', ({ payload }) => {
      const m = typeof payload === 'string' ? /^42\d*(\[.*\])$/s.exec(payload) : null;
      const frame = m ? (JSON.parse(m[1]) as [string, unknown]) : null;
      if (frame?.[0] === 'submission:create') sent.push(frame[1] as SubmitPayload);
    })
  );
  return { context, page, sent };
}

async function openAudience(): Promise<{ context: BrowserContext; page: Page; sent: SubmitPayload[] }> {
  const p = await phone();
  await p.page.goto(demo.links.audience);
  await p.page.getByTestId('card').first().waitFor();
  return p;
}

const submission = (page: Page, text: string) => page.getByTestId('submission').filter({ hasText: text });
const stateOf = (page: Page, text: string) => submission(page, text).getAttribute('data-state');

async function submitCard(page: Page, text: string, kind = 'question'): Promise<void> {
  if (await page.getByTestId('submit-open').isVisible()) await page.getByTestId('submit-open').click();
  await page.getByTestId(`submit-kind-${kind}`).check();
  await page.getByTestId('submit-text').fill(text);
  await page.getByTestId('submit-button').click();
  await submission(page, text).waitFor();
}

browserTest.beforeAll(async ({ app, browser: chromium }) => {
  browser = chromium;
  server = app;
  demo = await createDemoBoard({ url: server.url, lang: 'cs', cards: 4, voters: 0 });
});

afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
});

afterAll(async () => {
  demo?.close();
});

describe('P1 joining with a code', () => {
  it('typing the code on the home page, in lower case with a space and a dash, opens the audience view', async () => {
    const { page } = await phone();
    await page.goto(server.url + '/');
    const code = joinCode();
    await page.getByTestId('join-code').fill(`${code.slice(0, 3).toLowerCase()} -${code.slice(3).toLowerCase()}`);
    await screenshot(page, 'audience-join-form-390');
    await page.getByTestId('join-submit').click();
    await page.waitForURL((url) => url.pathname === `/b/${demo.event.boardId}/view` && url.searchParams.get('t') === demo.event.tokens.audience);
    await page.getByTestId('card').first().waitFor();
    expect(await page.getByTestId('board-title').textContent()).toContain('Výzvy integrace');
  });

  it('the projector’s /join/<code> link lands on the audience view and leaves no stop in the history', async () => {
    const { page } = await phone();
    await page.goto(server.url + '/');
    await page.goto(`${server.url}/join/${joinCode()}`);
    await page.waitForURL((url) => url.pathname === `/b/${demo.event.boardId}/view`);
    await page.getByTestId('card').first().waitFor();
    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/');
  });

  it('/join without a code (the short address on the projector) asks for it', async () => {
    const { page } = await phone();
    await page.goto(`${server.url}/join`);
    await page.getByTestId('join-code').fill(joinCode());
    await page.getByTestId('join-code').press('Enter');
    await page.waitForURL((url) => url.pathname === `/b/${demo.event.boardId}/view`);
  });

  it('an unknown code shows a friendly error with the form again', async () => {
    const { page } = await phone();
    const unknown = joinCode() === 'ZZZZZZ' ? 'YYYYYY' : 'ZZZZZZ';
    await page.goto(`${server.url}/join/${unknown.toLowerCase()}`);
    const error = page.getByTestId('join-error');
    await error.waitFor();
    expect(await error.textContent()).toContain(`No board has the code ${unknown}`);
    expect(await page.getByTestId('join-code').inputValue()).toBe(unknown.toLowerCase());
    expect(new URL(page.url()).pathname).toBe(`/join/${unknown.toLowerCase()}`);
    await screenshot(page, 'audience-join-unknown-390');
    // The form works from there.
    await page.getByTestId('join-code').fill(joinCode());
    await page.getByTestId('join-submit').click();
    await page.waitForURL((url) => url.pathname === `/b/${demo.event.boardId}/view`);
  });

  it('a mistyped code is explained before anything is sent', async () => {
    const { page } = await phone();
    const lookups: string[] = [];
    page.on('request', (r) => r.url().includes('/api/join/') && lookups.push(r.url()));
    await page.goto(server.url + '/');
    await page.getByTestId('join-code').fill('AB0O1');
    await page.getByTestId('join-submit').click();
    expect(await page.getByTestId('join-error').textContent()).toContain('“0O1”');
    await page.getByTestId('join-code').fill('ABC');
    await page.getByTestId('join-submit').click();
    await waitFor(async () => (await page.getByTestId('join-error').textContent())?.includes('6 characters'), 'the length error');
    expect(await page.getByTestId('join-code').getAttribute('aria-invalid')).toBe('true');
    expect(lookups).toEqual([]);
  });
});

describe('P2 who you appear as', () => {
  it('is anonymous by default; a nickname and an organization are remembered after a reload', async () => {
    const { page } = await openAudience();
    expect(await page.getByTestId('me-name').textContent()).toBe('Anonymous');
    await page.getByTestId('me-change').click();
    await page.getByTestId('me-nickname').fill('E');
    await page.getByTestId('me-save').click();
    await page.getByTestId('me-error').waitFor();
    expect(await page.getByTestId('me-form').isVisible()).toBe(true);
    await page.getByTestId('me-nickname').fill('Eva z Plzně');
    await page.getByTestId('me-org').selectOption({ label: 'Plzeň' });
    await page.getByTestId('me-save').click();
    expect(await page.getByTestId('me-summary').textContent()).toContain('Eva z Plzně, Plzeň');
    // Focus goes back to the button that opened the form.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('me-change');

    await page.reload();
    await page.getByTestId('card').first().waitFor();
    expect(await page.getByTestId('me-summary').textContent()).toContain('Eva z Plzně, Plzeň');

    await page.getByTestId('me-change').click();
    await page.getByTestId('me-nickname').fill('');
    await page.getByTestId('me-org').selectOption({ index: 0 });
    await page.getByTestId('me-save').click();
    expect(await page.getByTestId('me-name').textContent()).toBe('Anonymous');
    expect(await page.getByTestId('me-org-name').count()).toBe(0);
  });
});

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

/**
 * P5 needs the server's submission queue (feat/queue) and engagement actions (feat/engage):
 * on a branch without them these actions answer 'forbidden: not implemented yet'.
 */
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
