/**
 * Withdrawal on a phone (390×844), real server process, real Chromium (docs/privacy.md §4):
 *   W1  a pending submission: *Delete…* asks first (*Keep it* keeps it), *Delete for good*
 *       removes it from the phone and from the moderator's queue; a reload does not bring it back;
 *   W2  a published card, on a Czech phone: *Smazat…* / *Smazat natrvalo* removes it from the
 *       board another phone shows.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readSubmissions } from '../../src/lib/board/queue.js';
import { launchBrowser, screenshot, VIEWPORTS } from '../../support/browser.js';
import { createDemoBoard, type DemoBoard } from '../../support/demo-board.js';
import { startServerProcess, type ServerProcess } from '../../support/server-process.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { waitFor } from '../../support/wait.js';
import { openProvider, type ProviderClient } from '../../support/yjs-clients.js';

let browser: Browser;
let server: ServerProcess;
let demo: DemoBoard;
let moderator: TestSocket;
let queue: ProviderClient;
const contexts: BrowserContext[] = [];

async function openAudience(locale = 'en-US'): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORTS.phone, locale });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  await page.goto(demo.links.audience);
  await page.getByTestId('card').first().waitFor();
  return page;
}

const submission = (page: Page, text: string) => page.getByTestId('submission').filter({ hasText: text });
const stateOf = (page: Page, text: string) => submission(page, text).getAttribute('data-state');
const queued = (text: string): boolean => readSubmissions(queue.doc).some((s) => s.content.text === text);

async function submitCard(page: Page, text: string): Promise<void> {
  if (await page.getByTestId('submit-open').isVisible()) await page.getByTestId('submit-open').click();
  await page.getByTestId('submit-kind-question').check();
  await page.getByTestId('submit-text').fill(text);
  await page.getByTestId('submit-button').click();
  await waitFor(async () => (await stateOf(page, text)) === 'pending', 'waiting for moderation');
}

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServerProcess();
  demo = await createDemoBoard({ url: server.url, lang: 'cs', cards: 3, voters: 0 });
  moderator = await connectAs(server.url, demo.event.boardId, demo.event.tokens.moderator);
  queue = await openProvider(server.url.replace(/^http/, 'ws'), `${demo.event.boardId}/queue`, demo.event.tokens.moderator);
});

afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
});

afterAll(async () => {
  moderator?.close();
  queue?.destroy();
  demo?.close();
  await browser?.close();
  await server?.stop();
  await server?.cleanup();
});

describe('withdrawing from the phone', () => {
  it('W1 a pending submission: asked first, kept on "Keep it", then deleted for good from the phone and the queue; a reload does not bring it back', async () => {
    const page = await openAudience();
    const text = 'Můj telefon je 777 888 999, zavolejte mi kvůli bydlení';
    await submitCard(page, text);
    await waitFor(() => queued(text), 'the queue to hold it');

    await submission(page, text).getByTestId('submission-withdraw').click();
    const confirm = submission(page, text).getByTestId('withdraw-confirm');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('cannot be restored');
    await screenshot(page, 'audience-withdraw-confirm-390');
    await submission(page, text).getByTestId('withdraw-no').click();
    expect(await confirm.count()).toBe(0);
    expect(queued(text)).toBe(true);

    await submission(page, text).getByTestId('submission-withdraw').click();
    await submission(page, text).getByTestId('withdraw-yes').click();
    await waitFor(async () => (await submission(page, text).count()) === 0, 'the phone to forget it');
    await waitFor(() => !queued(text), 'the queue to lose it');

    await page.reload();
    await page.getByTestId('card').first().waitFor();
    // A later submission's round trip proves the page asked the server where things stand.
    const later = 'Otázka po obnovení stránky';
    await submitCard(page, later);
    expect(await submission(page, text).count()).toBe(0);
  });

  it('W2 a published card, on a Czech phone: deleted for good, it leaves the board another phone shows', async () => {
    const page = await openAudience('cs-CZ');
    const other = await openAudience();
    const text = 'Paní Nováková z odboru, tel. 601 222 333, nám nepomohla';
    await submitCard(page, text);
    const id = await submission(page, text).getAttribute('data-submission-id');
    const approved = await call(moderator, 'queue:approve', { submissionId: id });
    expect(approved.ok).toBe(true);
    await waitFor(async () => (await stateOf(page, text)) === 'approved', 'shown');
    await other.getByText(text).first().waitFor();

    await submission(page, text).getByTestId('submission-withdraw').click();
    expect(await submission(page, text).getByTestId('submission-withdraw').count()).toBe(0);
    expect(await submission(page, text).getByTestId('withdraw-yes').textContent()).toContain('Smazat natrvalo');
    expect(await submission(page, text).getByTestId('withdraw-confirm').textContent()).toContain('nepůjde obnovit');
    await screenshot(page, 'audience-withdraw-confirm-cs-390');
    await submission(page, text).getByTestId('withdraw-yes').click();
    await waitFor(async () => (await submission(page, text).count()) === 0, 'the phone to forget it');
    await waitFor(async () => (await other.getByText(text).count()) === 0, 'the other phone to lose the card');
    expect(await page.getByText(text).count()).toBe(0);
    await waitFor(() => !queued(text), 'the queue to lose it');
  });
});
