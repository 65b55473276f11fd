/**
 * The moderator's side of audience participation: the submission queue, comments, polls,
 * reactions, erasure and votes, in real Chromium against the built server (the session:
 * moderator-session.ts):
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
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, LOCAL, participantKey } from '../../src/lib/board/index.js';
import { REACTION_CHOICES } from '../../src/lib/board/types.js';
import { FLOAT_LIMITS } from '../../src/lib/client/reaction-floats.js';
import { screenshot, VIEWPORTS } from '../../support/browser.js';
import { call } from '../../support/socket-client.js';
import { waitFor } from '../../support/wait.js';
import { openProvider } from '../../support/yjs-clients.js';
import { audienceSocket, demo, full, moderatorSession, open, openSection, pub, seriousViolations, server, state } from './moderator-session.js';
import { cardMenuAction, consoleCard } from './support/card-menu.js';

moderatorSession();

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
    const ack = await call<{ id: string }>(audience, 'submission:create', {
      type: 'comment',
      key: 'm6-comment-0001',
      cardId,
      text: 'We see the same in Pilsen.',
      author: '',
      orgId: null
    });
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
    const px = await stage
      .getByTestId('poll-percent')
      .first()
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
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
        .then(
          (n) => (most = Math.max(most, n)),
          () => undefined
        );
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
    await cardMenuAction(consoleCard(page, cardId), 'redact-button');
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
