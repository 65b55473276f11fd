/**
 * The moderator's side of audience participation and what the projector shows of it, in real
 * Chromium against the built server:
 *   M1  the audience settings panel applies pre-moderation, the vote budget, comments and the
 *       offered reactions to the board, and they survive a reload;
 *   M2  the projector shows how many are in the audience;
 *   M3  clusters on the projector say how many organizations raised them;
 *   M4  the redaction dialog says the old text is erased for good, works with the keyboard and
 *       changes nothing when cancelled.
 * With the queue and engagement servers (feat/queue, feat/engage, feat/redact):
 *   M5  the queue panel lists pending submissions oldest first, counts and announces them, and
 *       approve, edit & approve, merge and reject decide them; the log records each and exports
 *       as CSV;
 *   M6  the moderator hides and restores an audience comment;
 *   M7  a poll launched from the top cards shows on the projector as live bars, then closes
 *       and leaves the projector;
 *   M8  reactions float on the projector one per kind with their count, a few at most; with
 *       reduced motion they stand still;
 *   M9  erasing personal data replaces a card's text everywhere (marked as edited by the
 *       moderator) and the old text leaves the stored document;
 *   M10 resetting votes asks first, then removes every vote.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, LOCAL, participantKey, readBoard, readMeta } from '../../src/lib/board/index.js';
import { REACTION_CHOICES, type BoardState } from '../../src/lib/board/types.js';
import { FLOAT_LIMITS } from '../../src/lib/client/reaction-floats.js';
import { screenshot, VIEWPORTS } from '../../support/browser.js';
import { createDemoBoard, type DemoBoard } from '../../support/demo-board.js';
import type { ServerProcess } from '../../support/server-process.js';
import { createTestEvent } from '../helpers/test-server.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { waitFor } from '../../support/wait.js';
import { openProvider, type ProviderClient } from '../../support/yjs-clients.js';
import { browserTest } from '../fixtures.js';

let browser: Browser;
let server: ServerProcess;
let demo: DemoBoard;
/** The full document as the server holds it (a moderator's reader) and the public one (the projector's). */
let full: ProviderClient;
let pub: ProviderClient;
let mod: TestSocket;
const contexts: BrowserContext[] = [];
const sockets: TestSocket[] = [];

async function open(url: string, viewport: { width: number; height: number }, options: { reducedMotion?: 'reduce' } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'en-US', ...options });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  await page.goto(url);
  return page;
}

const state = (client: ProviderClient): BoardState => readBoard(client.doc);
const section = (page: Page, name: string) => page.locator(`[data-testid=${name}-section] > summary`);

async function openSection(page: Page, name: string): Promise<void> {
  const details = page.getByTestId(`${name}-section`);
  await details.waitFor();
  if (!(await details.evaluate((el) => (el as HTMLDetailsElement).open))) await section(page, name).click();
}

async function audienceSocket(): Promise<TestSocket> {
  const socket = await connectAs(server.url, demo.event.boardId, demo.event.tokens.audience);
  sockets.push(socket);
  return socket;
}

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

browserTest.beforeAll(async ({ app, browser: chromium }) => {
  browser = chromium;
  server = app;
  demo = await createDemoBoard({ url: server.url, lang: 'en', voters: 3 });
  const ws = server.url.replace(/^http/, 'ws');
  full = await openProvider(ws, demo.event.boardId, demo.event.tokens.moderator);
  pub = await openProvider(ws, demo.event.boardId, demo.event.tokens.projector);
  mod = await connectAs(server.url, demo.event.boardId, demo.event.tokens.moderator);
});

afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
  for (const s of sockets.splice(0)) s.close();
});

afterAll(async () => {
  mod?.close();
  full?.destroy();
  pub?.destroy();
  demo?.close();
});

describe('moderator participation: settings and the projector', () => {
  it('M1 the settings panel applies pre-moderation, vote budget, comments and reactions, and they survive a reload', async () => {
    // A board of its own, so the contract's defaults are what the panel starts from.
    const ev = await createTestEvent(server.url);
    const board = await openProvider(server.url.replace(/^http/, 'ws'), ev.boardId, ev.tokens.moderator);
    const page = await open(ev.response.links[ev.boardId].moderator, VIEWPORTS.laptop);
    await openSection(page, 'settings');
    const panel = page.getByTestId('audience-settings');
    const pressed = () =>
      panel.locator('[data-testid=settings-reaction][aria-pressed=true]').evaluateAll((els) => els.map((el) => el.getAttribute('data-emoji')));
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
    const trigger = page.locator(`[data-testid=column] [data-card-id="${cardId}"] [data-testid=redact-button]`);
    await trigger.focus();
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
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('redact-button');
    expect(state(full).cards.find((c) => c.id === cardId)!.text).toBe(before);
  });
});

describe('moderator participation with the queue and engagement servers', () => {
  it('M5 the queue: oldest first, counted and announced; approve, edit & approve, merge and reject; the log exports as CSV', async () => {
    const page = await open(demo.links.moderator, VIEWPORTS.laptop);
    await page.getByTestId('queue-panel').waitFor();
    await waitFor(async () => (await page.getByTestId('queue-panel').getAttribute('data-status')) === 'online', 'the queue document online');
    const board = state(full);
    const texts = [
      'Why are the foreign police forms not at least in English?',
      'Schools need assistants who speak Ukrainian. Call me at 777 123 456.',
      'Buy cheap watches here',
      'Courses of Czech for adults are full for months'
    ];
    const audience = await audienceSocket();
    for (const [i, text] of texts.entries()) {
      const ack = await call(audience, 'submission:create', {
        type: 'card',
        key: `m5-submission-${i}`,
        kind: i === 1 ? 'proposal' : 'question',
        text,
        topicId: board.topics[i % board.topics.length].id,
        author: i === 0 ? 'Olena' : '',
        orgId: i === 0 ? board.orgs[0].id : null
      });
      expect(ack.ok).toBe(true);
    }
    const items = page.getByTestId('queue-item');
    await waitFor(async () => (await items.count()) === 4, 'four pending items');
    expect(await items.getByTestId('queue-text').allTextContents()).toEqual(texts);
    expect(await page.getByTestId('queue-badge-count').textContent()).toContain('4 waiting');
    await waitFor(async () => (await page.getByTestId('queue-live').textContent())?.includes('new submissions in the queue'), 'the polite announcement');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('queue-section').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'moderator-queue-1366');

    const cardWith = (text: string) => state(full).cards.find((c) => c.text === text && !c.hidden);
    // Approve: the card goes on the board, and focus moves on to the next item.
    await items.nth(0).getByTestId('queue-approve').click();
    await waitFor(() => cardWith(texts[0]), 'the approved card on the board');
    await waitFor(async () => (await items.count()) === 3, 'three left');
    await waitFor(
      () => page.evaluate(() => document.activeElement?.closest('[data-testid=queue-item]')?.querySelector('[data-testid=queue-text]')?.textContent),
      'focus on the next item'
    ).then((text) => expect(text).toBe(texts[1]));

    // Edit & approve: the phone number never reaches the board.
    await items.nth(0).getByTestId('queue-edit').click();
    await items.nth(0).getByTestId('queue-edit-text').fill('Schools need assistants who speak Ukrainian.');
    await items.nth(0).getByTestId('queue-edit-kind').selectOption('proposal');
    await items.nth(0).getByTestId('queue-edit-submit').click();
    await waitFor(() => cardWith('Schools need assistants who speak Ukrainian.'), 'the edited card on the board');
    expect(JSON.stringify(state(pub).cards)).not.toContain('777 123 456');

    // Reject: off-topic.
    await waitFor(async () => (await items.count()) === 2, 'two left');
    await items.nth(0).getByTestId('queue-reject').click();
    await items.nth(0).getByTestId('queue-reject-off-topic').click();
    await waitFor(async () => (await items.count()) === 1, 'one left');
    expect(cardWith(texts[2])).toBeUndefined();

    // Merge into the first approved card: the new card is clustered with it.
    const target = cardWith(texts[0])!;
    await items.nth(0).getByTestId('queue-merge').click();
    // The search box takes the focus when the picker opens.
    await waitFor(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'queue-merge-search'), 'the merge search focused');
    await items.nth(0).getByTestId('queue-merge-search').fill('foreign police');
    await items.nth(0).locator(`[data-testid=queue-merge-option][data-card-id="${target.id}"]`).check();
    await items.nth(0).getByTestId('queue-merge-submit').click();
    const merged = await waitFor(() => cardWith(texts[3]), 'the merged card on the board');
    const clusterOf = (id: string) => state(full).cards.find((c) => c.id === id)?.clusterId ?? null;
    await waitFor(() => clusterOf(merged.id) !== null && clusterOf(merged.id) === clusterOf(target.id), 'the merged card clustered with its target');
    await page.getByTestId('queue-empty').waitFor();
    expect(await page.getByTestId('queue-badge-count').textContent()).toContain('0 waiting');

    // Decided, with the reason, and the log with every decision.
    await page.locator('[data-testid=queue-decided] > summary').click();
    const rejected = page.locator('[data-testid=queue-decided-item][data-status=rejected]');
    expect(await rejected.textContent()).toContain('Off-topic');
    await page.locator('[data-testid=queue-log] > summary').click();
    const actions = await page.getByTestId('log-entry').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    expect([...actions].sort()).toEqual(['approve', 'edit-approve', 'merge', 'reject']);
    const href = await page.getByTestId('log-export').getAttribute('href');
    const csv = await fetch(new URL(href!, server.url));
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const body = await csv.text();
    expect(body).toContain('off-topic');
  });

  it('M6 the moderator hides and restores an audience comment under its card', async () => {
    await demo.moderate('board:settings', { commentsAllowed: true, preModeration: true });
    const cardId = demo.cardIds[1];
    const audience = await audienceSocket();
    const ack = await call<{ id: string }>(audience, 'submission:create', { type: 'comment', key: 'm6-comment-0001', cardId, text: 'We see the same in Pilsen.', author: '', orgId: null });
    if (!ack.ok) throw new Error(`comment refused: ${JSON.stringify(ack)}`);
    await demo.moderate('queue:approve', { submissionId: ack.data.id });
    const page = await open(demo.links.moderator, VIEWPORTS.laptop);
    const card = page.locator(`[data-testid=column] [data-card-id="${cardId}"]`);
    await card.getByTestId('comments-toggle').click();
    const comment = card.getByTestId('comment').filter({ hasText: 'We see the same in Pilsen.' });
    await comment.getByTestId('comment-hide').click();
    await page.locator('[data-testid=comment][data-hidden=true]').waitFor();
    await waitFor(() => !state(pub).comments.some((c) => c.text === 'We see the same in Pilsen.' && !c.hidden), 'the comment gone from the public board');
    await comment.getByTestId('comment-restore').click();
    await page.locator('[data-testid=comment][data-hidden=false]').waitFor();
    await waitFor(() => state(pub).comments.some((c) => c.text === 'We see the same in Pilsen.' && !c.hidden), 'the comment back on the public board');
    await demo.moderate('board:settings', { commentsAllowed: false });
  });

  it('M7 a poll from the top cards shows on the projector as live bars, then closes and leaves it', async () => {
    const projector = await open(demo.links.projector, VIEWPORTS.projector);
    await projector.getByTestId('projector-pager').waitFor();
    const page = await open(demo.links.moderator, VIEWPORTS.laptop);
    await openSection(page, 'polls');
    await page.getByTestId('poll-question').fill('What should the city tackle first?');
    await page.getByTestId('poll-take-top').click();
    const inputs = page.getByTestId('poll-option-input');
    expect(await inputs.count()).toBe(5);
    expect(await inputs.evaluateAll((els) => els.every((el) => el.getAttribute('data-card-id')))).toBe(true);
    await page.getByTestId('poll-launch').click();

    const stage = projector.getByTestId('projector-poll');
    await stage.waitFor();
    expect(await stage.textContent()).toContain('What should the city tackle first?');
    const poll = await waitFor(() => state(pub).polls.find((p) => p.question === 'What should the city tackle first?'), 'the poll on the public board');
    for (const choice of [0, 0, 1]) {
      const ack = await call(await audienceSocket(), 'poll:vote', { pollId: poll.id, optionIds: [poll.options[choice].id] });
      expect(ack.ok).toBe(true);
    }
    await waitFor(async () => (await projector.getByTestId('projector-poll-voters').textContent())?.includes('3 voters'), 'three voters on the projector');
    expect(await stage.getByTestId('poll-percent').allTextContents()).toEqual(['67%', '33%', '0%', '0%', '0%']);
    const px = await stage.getByTestId('poll-percent').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(px).toBeGreaterThanOrEqual(28);
    expect(await seriousViolations(projector)).toEqual([]);
    await screenshot(projector, 'projector-poll-1920');
    expect(await page.getByTestId('poll-voters').first().textContent()).toContain('3 voters');

    await page.getByTestId('poll-close').click();
    await projector.locator('[data-testid=projector-poll][data-open=false]').waitFor();
    await projector.getByTestId('projector-poll-closed').waitFor();
    await page.getByTestId('poll-show').first().click();
    await stage.waitFor({ state: 'detached' });
    await projector.getByTestId('projector-pager').waitFor();
  });

  it('M8 reactions float on the projector one per kind with their count, a few at most; with reduced motion they stand still', async () => {
    const first = await audienceSocket();
    expect(await call(first, 'reaction:send', { emoji: '👍', target: 'board' })).toEqual({ ok: true });
    await demo.moderate('board:settings', { reactions: [...REACTION_CHOICES] });
    const projector = await open(demo.links.projector, VIEWPORTS.projector);
    const still = await open(demo.links.projector, VIEWPORTS.projector, { reducedMotion: 'reduce' });
    await projector.getByTestId('projector-pager').waitFor();
    await still.getByTestId('projector-pager').waitFor();
    let most = 0;
    const watch = setInterval(() => {
      void projector
        .getByTestId('reaction-float')
        .count()
        .then((n) => (most = Math.max(most, n)), () => undefined);
    }, 50);
    // Phones connect first (each gets its device identity), so the taps come as one burst.
    const phones = await Promise.all(REACTION_CHOICES.flatMap(() => [audienceSocket(), audienceSocket()]));
    try {
      for (const [i, emoji] of REACTION_CHOICES.entries()) for (let j = 0; j < 2; j++) await call(phones[i * 2 + j], 'reaction:send', { emoji, target: 'board' });
      const float = projector.locator('[data-testid=reaction-float][data-emoji="👍"]').first();
      await float.waitFor();
      expect(Number(await float.getAttribute('data-count'))).toBeGreaterThanOrEqual(1);
      expect(await float.textContent()).toMatch(/×\d+/);
      await still.locator('[data-testid=reaction-layer][data-motion=reduced] [data-testid=reaction-float]').first().waitFor();
    } finally {
      clearInterval(watch);
    }
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(FLOAT_LIMITS.max);
    await demo.moderate('board:settings', { reactions: ['👍', '❤️', '👏', '🤔', '❓'] });
  });

  it('M9 erasing personal data replaces the text everywhere, and the old text leaves the stored document', async () => {
    const writer = await openProvider(server.url.replace(/^http/, 'ws'), demo.event.boardId, demo.event.tokens.panelist);
    const secret = 'Call Jana Nováková on 602 111 222 about housing.';
    const authorKey = participantKey(demo.event.boardId, writer.deviceId);
    const cardId = addCard(writer.doc, { kind: 'proposal', text: secret, orgId: null, author: '', authorKey, topicId: state(full).topics[0].id }, LOCAL);
    await waitFor(() => state(full).cards.some((c) => c.id === cardId), 'the card on the server');
    const projector = await open(demo.links.projector, VIEWPORTS.projector);
    const page = await open(demo.links.moderator, VIEWPORTS.laptop);
    await page.locator(`[data-testid=column] [data-card-id="${cardId}"] [data-testid=redact-button]`).click();
    await page.getByTestId('redact-text').fill('Contact the housing desk about housing.');
    await page.getByTestId('redact-submit').click();
    await page.getByTestId('redact-dialog').waitFor({ state: 'detached' });
    const onProjector = projector.locator(`[data-testid=card][data-card-id="${cardId}"]`);
    await waitFor(async () => (await onProjector.textContent())?.includes('Contact the housing desk about housing.'), 'the new text on the projector');
    await onProjector.getByTestId('card-redacted').waitFor();
    writer.destroy();
    const fresh = await openProvider(server.url.replace(/^http/, 'ws'), demo.event.boardId, demo.event.tokens.moderator);
    const stored = new TextDecoder().decode(Y.encodeStateAsUpdate(fresh.doc));
    fresh.destroy();
    expect(stored).not.toContain('602 111 222');
  });

  it('M10 resetting votes asks first, then removes every vote', async () => {
    expect(state(full).votes.size).toBeGreaterThan(0);
    const page = await open(demo.links.moderator, VIEWPORTS.laptop);
    await openSection(page, 'settings');
    await page.getByTestId('votes-reset').click();
    expect(await page.getByTestId('audience-settings').textContent()).toContain('cannot be undone');
    expect(state(full).votes.size).toBeGreaterThan(0);
    await page.getByTestId('votes-reset-confirm').click();
    await waitFor(() => state(full).votes.size === 0, 'no votes left on the board');
    await waitFor(async () => (await page.getByTestId('flash').textContent())?.includes('votes removed'), 'the confirmation');
  });
});
