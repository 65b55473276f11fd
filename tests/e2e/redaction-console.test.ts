/**
 * Erasing personal data beyond a card's text, from the moderator console (docs/redaction.md), in
 * real Chromium against the built server:
 *   R1  a comment's text and nickname, through the dialog under the card;
 *   R2  a card's author name (left empty);
 *   R3  a poll's option, from the poll list; the dialog fits a 1024×768 beamer laptop.
 * Each time the new values reach the public document and the old ones leave it.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readBoard } from '../../src/lib/board/index.js';
import { launchBrowser, screenshot, VIEWPORTS } from '../../support/browser.js';
import { createDemoBoard, type DemoBoard } from '../../support/demo-board.js';
import { startServerProcess, type ServerProcess } from '../../support/server-process.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { waitFor } from '../../support/wait.js';
import { openProvider, type ProviderClient } from '../../support/yjs-clients.js';
import { cardMenuAction, consoleCard } from './support/card-menu.js';

let browser: Browser;
let server: ServerProcess;
let demo: DemoBoard;
let pub: ProviderClient;
let audience: TestSocket;
const contexts: BrowserContext[] = [];

async function open(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'en-US' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  await page.goto(demo.links.moderator);
  await page.locator('[data-testid=column] [data-card-id]').first().waitFor();
  return page;
}

const publicHas = (needle: string): boolean => Buffer.from(Y.encodeStateAsUpdate(pub.doc)).includes(Buffer.from(needle));

async function openSection(page: Page, name: string): Promise<void> {
  const details = page.getByTestId(`${name}-section`);
  await details.waitFor();
  if (!(await details.evaluate((el) => (el as HTMLDetailsElement).open))) await page.locator(`[data-testid=${name}-section] > summary`).click();
}

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServerProcess();
  demo = await createDemoBoard({ url: server.url, lang: 'en', cards: 4, voters: 0 });
  pub = await openProvider(server.url.replace(/^http/, 'ws'), demo.event.boardId, demo.event.tokens.projector);
  audience = await connectAs(server.url, demo.event.boardId, demo.event.tokens.audience);
});

afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
});

afterAll(async () => {
  audience?.close();
  pub?.destroy();
  demo?.close();
  await browser?.close();
  await server?.stop();
  await server?.cleanup();
});

describe('erasing personal data from the moderator console', () => {
  it('R1 a comment: its text and its nickname are replaced, and leave the public board', async () => {
    await demo.moderate('board:settings', { commentsAllowed: true });
    const cardId = demo.cardIds[1];
    const ack = await call<{ id: string }>(audience, 'submission:create', {
      type: 'comment',
      key: 'r1-comment-0001',
      cardId,
      text: 'Call Olga on 603 444 555',
      author: 'Olga Petrenko',
      orgId: null
    });
    if (!ack.ok) throw new Error(`comment refused: ${JSON.stringify(ack)}`);
    await demo.moderate('queue:approve', { submissionId: ack.data.id });
    await waitFor(() => publicHas('603 444 555'), 'the comment on the public board');

    const page = await open(VIEWPORTS.laptop);
    const card = page.locator(`[data-testid=column] [data-card-id="${cardId}"]`);
    await card.getByTestId('comments-toggle').click();
    await card.getByTestId('comment').getByTestId('comment-redact').click();
    const dialog = page.getByTestId('redact-dialog');
    await dialog.waitFor();
    expect(await page.getByTestId('redact-author').inputValue()).toBe('Olga Petrenko');
    await page.getByTestId('redact-text').fill('Contact the coordinator');
    await page.getByTestId('redact-author').fill('');
    await screenshot(page, 'moderator-redact-comment-1366');
    await page.getByTestId('redact-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await waitFor(() => !publicHas('603 444 555') && !publicHas('Petrenko'), 'the old text and nickname gone from the public board');
    expect(readBoard(pub.doc).comments.find((c) => c.cardId === cardId)).toMatchObject({ text: 'Contact the coordinator', author: '', redactedAt: expect.any(Number) });
    await card.getByText('Edited by the moderator').first().waitFor();
  });

  it('R2 a card’s author name is erased, its text kept', async () => {
    const cardId = demo.cardIds[0];
    const before = readBoard(pub.doc).cards.find((c) => c.id === cardId)!;
    expect(before.author).not.toBe('');
    const page = await open(VIEWPORTS.laptop);
    await cardMenuAction(consoleCard(page, cardId), 'redact-button');
    await page.getByTestId('redact-author').fill('');
    await page.getByTestId('redact-submit').click();
    await page.getByTestId('redact-dialog').waitFor({ state: 'detached' });
    await waitFor(() => readBoard(pub.doc).cards.find((c) => c.id === cardId)?.author === '', 'the author name gone');
    expect(readBoard(pub.doc).cards.find((c) => c.id === cardId)?.text).toBe(before.text);
  });

  it('R3 a poll option, from the poll list, at 1024×768', async () => {
    const cardId = demo.cardIds[2];
    const cardText = readBoard(pub.doc).cards.find((c) => c.id === cardId)!.text;
    await demo.moderate('poll:create', {
      question: 'Ask Mrs Horáková first?',
      multiple: false,
      options: [
        { text: cardText.slice(0, 100), cardId },
        { text: 'Something else', cardId: null }
      ]
    });
    const page = await open({ width: 1024, height: 768 });
    await openSection(page, 'polls');
    await page.getByTestId('poll-item').first().getByTestId('poll-redact').click();
    const dialog = page.getByTestId('redact-dialog');
    await dialog.waitFor();
    await page.getByTestId('redact-question').fill('Ask the department first?');
    await page.getByTestId('redact-option-o2').fill('Something else entirely');
    await screenshot(page, 'moderator-redact-poll-1024');
    const box = await dialog.boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 768).toBe(true);
    await page.getByTestId('redact-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await waitFor(() => !publicHas('Horáková'), 'the old question gone from the public board');
    expect(readBoard(pub.doc).polls[0]).toMatchObject({ question: 'Ask the department first?', redactedAt: expect.any(Number) });
    expect(readBoard(pub.doc).polls[0].options.map((o) => o.text)).toEqual([cardText.slice(0, 100), 'Something else entirely']);
  });
});
