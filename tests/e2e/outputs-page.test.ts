/**
 * The public outputs page as a visitor from the city's website uses it (issue 18, point 7), in
 * real Chromium against the built server:
 *   P1  the header gives the title, the date in the reader's language ("2. prosince 2026", and
 *       the English form after switching), the place and the organizations taking part;
 *   P2  each board's views are tabs operable from the keyboard (arrows, Home, End);
 *   P3  closed polls show their results; an open poll does not;
 *   P4  a workshop board without a card is not shown (nor in the downloads), and no topic
 *       column without a card;
 *   P5  the play button steps the replay from the first moment to the current state, and
 *       neither a hidden card nor redacted text appears at any step;
 *   P6  a long cluster title stays inside its card, and at 390×844 nothing scrolls sideways.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addCard, LOCAL, participantKey, readBoard } from '../../src/lib/board/index.js';
import { screenshot, VIEWPORTS } from '../../support/browser.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { waitFor } from '../../support/wait.js';
import { openProvider, type ProviderClient } from '../../support/yjs-clients.js';
import { browserTest } from '../fixtures.js';
import { createTestEvent, type TestEvent } from '../helpers/test-server.js';
import { browserFile } from './support/browser-file.js';

browserTest.override('appOptions', { env: { LIMIT_CHECKPOINT_INTERVAL_MS: '100' } });
const file = browserFile();

const CLUSTER = 'Jedno kontaktní místo pro nově příchozí a jejich rodiny ve všech městských částech a obcích kraje';
const HIDDEN = 'Skrytá poznámka: nezveřejňovat';
const REDACTED = 'Telefon paní Novákové 777 123 456';
const QUESTION = 'Co má město řešit nejdřív?';
const OPEN_QUESTION = 'Otevřená anketa, která ještě běží';

let ev: TestEvent;
let provider: ProviderClient;
let mod: TestSocket;

async function act<T = undefined>(action: string, payload: unknown): Promise<T> {
  const ack = await call<T>(mod, action, payload);
  if (!ack.ok) throw new Error(`${action}: ${JSON.stringify(ack)}`);
  return ack.data;
}

const times = async (): Promise<number[]> =>
  ((await (await fetch(`${file.server.url}/api/boards/${ev.boardId}/history?t=${ev.tokens.moderator}`)).json()) as { times: number[] }).times;

async function checkpointAfter(change: () => void | Promise<unknown>): Promise<void> {
  const before = (await times()).length;
  await change();
  await waitFor(async () => (await times()).length > before, 'a checkpoint after the change');
}

browserTest.beforeAll(async ({ app }) => {
  ev = await createTestEvent(app.url, {
    title: 'Výzvy integrace 2026',
    date: '2026-12-02',
    place: 'Nová radnice, Praha',
    lang: 'cs',
    workshops: ['Workshop A: Bydlení', 'Workshop B: Práce']
  });
  provider = await openProvider(app.url.replace(/^http/, 'ws'), ev.boardId, ev.tokens.moderator);
  mod = await connectAs(app.url, ev.boardId, ev.tokens.moderator);
  const s = readBoard(provider.doc);
  const key = participantKey(ev.boardId, provider.deviceId);
  const add = (text: string, org: number, topic: number) =>
    addCard(provider.doc, { kind: 'weakness', text, orgId: s.orgs[org].id, author: '', authorKey: key, topicId: s.topics[topic].id }, LOCAL);
  let ids: string[] = [];
  await checkpointAfter(() => void (ids = [add('Kurzy češtiny mají dlouhé čekací lhůty', 0, 0), add('Úřady píší jen česky', 1, 0)]));
  await checkpointAfter(() => void ids.push(add(REDACTED, 2, 1), add(HIDDEN, 3, 1)));
  await checkpointAfter(() => act('card:cluster', { cardIds: ids.slice(0, 2), title: CLUSTER }));
  await act('card:redact', { cardId: ids[2], text: 'Kontakt odstraněn' });
  await act('card:hide', { cardId: ids[3], hidden: true });
  const poll = await act<{ pollId: string }>('poll:create', {
    question: QUESTION,
    multiple: false,
    options: [
      { text: 'Bydlení', cardId: null },
      { text: 'Jazykové kurzy', cardId: null }
    ]
  });
  const options = (): string[] =>
    readBoard(provider.doc)
      .polls.find((p) => p.id === poll.pollId)
      ?.options.map((o) => o.id) ?? [];
  await waitFor(() => options().length === 2, 'the poll on the client');
  for (const choice of [0, 1, 1]) {
    const voter = await connectAs(app.url, ev.boardId, ev.tokens.audience);
    await call(voter, 'poll:vote', { pollId: poll.pollId, optionIds: [options()[choice]] });
    voter.close();
  }
  await act('poll:close', { pollId: poll.pollId });
  await act('poll:create', {
    question: OPEN_QUESTION,
    multiple: false,
    options: [
      { text: 'Ano', cardId: null },
      { text: 'Ne', cardId: null }
    ]
  });
  const [, workshopA] = ev.response.boards;
  const workshop = await openProvider(app.url.replace(/^http/, 'ws'), workshopA.id, ev.tokens.moderator);
  const w = readBoard(workshop.doc);
  addCard(
    workshop.doc,
    { kind: 'question', text: 'Startovací byty pro rodiny', orgId: w.orgs[0].id, author: '', authorKey: participantKey(workshopA.id, workshop.deviceId), topicId: w.topics[0].id },
    LOCAL
  );
  await waitFor(async () => {
    const res = await fetch(`${app.url}/api/boards/${workshopA.id}/export.json?t=${ev.tokens.moderator}`);
    return res.ok && (await res.text()).includes('Startovací byty');
  }, 'the workshop card on the server');
  workshop.destroy();
  const res = await fetch(`${app.url}/api/events/${ev.response.eventId}/outputs?t=${ev.tokens.moderator}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ published: true })
  });
  expect(res.status).toBe(200);
});

browserTest.afterAll(() => {
  mod?.close();
  provider?.destroy();
});

async function visit(viewport: { width: number; height: number }, locale = 'cs-CZ'): Promise<Page> {
  const { page } = await file.open({ viewport, locale, reducedMotion: 'reduce' });
  await page.goto(`${file.server.url}/outputs/${ev.response.eventId}`);
  await page.getByTestId('outputs-title').waitFor();
  return page;
}

const mainBoard = (page: Page) => page.locator(`[data-testid=outputs-board][data-board-id="${ev.boardId}"]`);

describe('the public outputs page', () => {
  it('P1 the header shows the title, the date in the reader’s language, the place and the organizations', async () => {
    const page = await visit(VIEWPORTS.laptop);
    expect(await page.getByTestId('outputs-title').innerText()).toBe('Výzvy integrace 2026');
    expect(await page.getByTestId('outputs-date').innerText()).toBe('2. prosince 2026');
    expect(await page.getByTestId('outputs-place').innerText()).toBe('Nová radnice, Praha');
    expect((await page.getByTestId('outputs-organizations').locator('li').allInnerTexts()).length).toBeGreaterThanOrEqual(2);
    await page.getByTestId('locale-en').click();
    await waitFor(async () => (await page.getByTestId('outputs-date').innerText()) === 'December 2, 2026', 'the English date');
    expect(await page.locator('main').innerText()).toContain('Poll results');
  });

  it('P2 the board views are tabs: arrow keys, Home and End move between them and show their panel', async () => {
    const page = await visit(VIEWPORTS.laptop);
    const board = mainBoard(page);
    const tab = (v: string) => board.getByTestId(`view-${v}`);
    expect(await board.getByRole('tablist').count()).toBe(1);
    expect(await tab('board').getAttribute('aria-selected')).toBe('true');
    await tab('board').focus();
    await page.keyboard.press('ArrowRight');
    expect(await tab('top').getAttribute('aria-selected')).toBe('true');
    expect(await tab('top').evaluate((el) => el === document.activeElement)).toBe(true);
    await board.locator('[role=tabpanel][data-view=top]').waitFor();
    await page.keyboard.press('End');
    await board.getByTestId('projector-matrix').waitFor();
    await page.keyboard.press('ArrowRight');
    expect(await tab('board').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowLeft');
    expect(await tab('matrix').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Home');
    expect(await tab('board').getAttribute('aria-selected')).toBe('true');
    const panel = board.getByRole('tabpanel');
    expect(await panel.getAttribute('aria-labelledby')).toBe(await tab('board').getAttribute('id'));
    expect(await tab('top').getAttribute('tabindex')).toBe('-1');
  });

  it('P3 closed polls show their results, an open poll does not', async () => {
    const page = await visit(VIEWPORTS.laptop);
    const poll = mainBoard(page).getByTestId('outputs-poll');
    expect(await poll.count()).toBe(1);
    expect(await poll.innerText()).toContain(QUESTION);
    const counts = await poll.getByTestId('poll-option').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
    expect(counts).toEqual([1, 2]);
    expect(await poll.getByTestId('poll-percent').allInnerTexts()).toEqual(['33 %', '67 %']);
    expect(await page.locator('main').innerText()).not.toContain(OPEN_QUESTION);
  });

  it('P4 a workshop board without cards is not shown, nor an empty topic column', async () => {
    const page = await visit(VIEWPORTS.laptop);
    const [, workshopA, workshopB] = ev.response.boards;
    const shown = await page.getByTestId('outputs-board').evaluateAll((els) => els.map((e) => e.getAttribute('data-board-id')));
    expect(shown).toEqual([ev.boardId, workshopA.id]);
    expect(await page.locator('main').innerText()).not.toContain(workshopB.title);
    const columns = mainBoard(page).getByTestId('snapshot-column');
    expect(await columns.count()).toBe(2);
    for (const count of await columns.locator('h4 .count').allInnerTexts()) expect(Number(count)).toBeGreaterThan(0);
  });

  it('P5 play steps through the history to the current state; no hidden or redacted text at any step', async () => {
    const page = await visit(VIEWPORTS.laptop);
    const board = mainBoard(page);
    const slider = board.getByTestId('replay-slider');
    const max = Number(await slider.getAttribute('max'));
    expect(max).toBeGreaterThanOrEqual(3);
    expect(await slider.inputValue()).toBe(String(max));
    expect(await board.getByTestId('replay-start').innerText()).toMatch(/\d{1,2}:\d{2}/);
    expect(await board.getByTestId('replay-end').innerText()).toMatch(/\d{1,2}:\d{2}/);
    await board.getByTestId('replay-play').click();
    const seen = new Set<number>();
    const texts: string[] = [];
    await waitFor(
      async () => {
        seen.add(Number(await slider.inputValue()));
        texts.push(await board.innerText());
        return (await board.getByTestId('replay-play').getAttribute('data-playing')) === 'false';
      },
      'the replay to play to the end',
      30_000
    );
    expect(seen.has(0)).toBe(true);
    expect([...seen].filter((v) => v > 0 && v < max).length).toBeGreaterThan(0);
    expect(await slider.inputValue()).toBe(String(max));
    expect(await board.getByTestId('replay-moment').getAttribute('data-at-latest')).toBe('true');
    for (const text of texts) {
      expect(text).not.toContain(HIDDEN);
      expect(text).not.toContain(REDACTED);
    }
  });

  it('P6 the cluster chip stays inside its card; at 390×844 nothing scrolls sideways', async () => {
    for (const viewport of [VIEWPORTS.phone, { width: 1024, height: 768 }, VIEWPORTS.laptop, VIEWPORTS.projector]) {
      const page = await visit(viewport);
      const chips = mainBoard(page).getByTestId('card-cluster');
      expect(await chips.count()).toBe(2);
      for (const chip of await chips.all()) {
        const inner = (await chip.boundingBox())!;
        const card = (await chip.locator('xpath=ancestor::article[1]').boundingBox())!;
        expect(inner.x).toBeGreaterThanOrEqual(card.x);
        expect(inner.x + inner.width).toBeLessThanOrEqual(card.x + card.width + 0.5);
        expect(await chip.evaluate((el) => el.scrollWidth <= el.clientWidth), 'the chip’s text inside the chip').toBe(true);
      }
      const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      expect(scroll, `sideways scroll at ${viewport.width}`).toBeLessThanOrEqual(client);
      await screenshot(page, `outputs-page-${viewport.width}`);
    }
  });
});
