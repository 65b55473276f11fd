/**
 * The moderator's outputs panel in the browser: materials upload with clear messages (wrong
 * type, then a real PDF listed), and replay: the slider shows an earlier moment and a restore
 * brings the board back to it.
 */
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { addCard, LOCAL, participantKey, readBoard } from '../../src/lib/board/index.js';
import { newPage, screenshot, VIEWPORTS } from '../../support/browser.js';
import type { ServerProcess } from '../../support/server-process.js';
import { createTestEvent, type TestEvent } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { openProvider, type ProviderClient } from '../../support/yjs-clients.js';
import { browserTest } from '../fixtures.js';

browserTest.override('appOptions', { env: { LIMIT_CHECKPOINT_INTERVAL_MS: '100' } });

const FIRST = 'První karta: kurzy češtiny pro dospělé';
const LATER = 'Pozdější karta: ubytovny pro pracovní migranty';

let browser: Browser;
let server: ServerProcess;
let ev: TestEvent;
let provider: ProviderClient;
let moderator: Page;
let dir: string;

const times = async (): Promise<number[]> => ((await (await fetch(`${server.url}/api/boards/${ev.boardId}/history?t=${ev.tokens.moderator}`)).json()) as { times: number[] }).times;

function add(text: string): void {
  const s = readBoard(provider.doc);
  addCard(provider.doc, { kind: 'weakness', text, orgId: s.orgs[0].id, author: '', authorKey: participantKey(ev.boardId, provider.deviceId), topicId: s.topics[1].id }, LOCAL);
}

browserTest.beforeAll(async ({ app, browser: chromium }) => {
  dir = await mkdtemp(join(tmpdir(), 'pb-upload-'));
  browser = chromium;
  server = app;
  ev = await createTestEvent(server.url, { title: 'Výzvy integrace – workshop', lang: 'cs' });
  provider = await openProvider(server.url.replace(/^http/, 'ws'), ev.boardId, ev.tokens.moderator);
  const before = (await times()).length;
  add(FIRST);
  await waitFor(async () => (await times()).length > before, 'a checkpoint with the first card');
  const middle = (await times()).length;
  add(LATER);
  await waitFor(async () => (await times()).length > middle, 'a checkpoint with the later card');
  ({ page: moderator } = await newPage(browser, VIEWPORTS.laptop));
  await moderator.goto(ev.response.links[ev.boardId].moderator);
  await moderator.locator('[data-testid=outputs-section] > summary').click();
});

afterAll(async () => {
  provider?.destroy();
});

describe('moderator outputs panel', () => {
  it('refuses a file of the wrong type with a clear message, and lists an uploaded PDF', async () => {
    const fake = join(dir, 'program.pdf');
    await writeFile(fake, '<html>not a pdf</html>');
    await moderator.getByTestId('material-file').setInputFiles(fake);
    await expect(moderator.getByTestId('material-message').innerText()).resolves.toMatch(/not allowed|není povolen/);
    const real = join(dir, 'Závěrečná zpráva.pdf');
    await writeFile(real, '%PDF-1.4\n%%EOF\n');
    await moderator.getByTestId('material-file').setInputFiles(real);
    await moderator.getByTestId('material-item').first().waitFor();
    await expect(moderator.getByTestId('material-item').first().locator('input').first().inputValue()).resolves.toBe('Závěrečná zpráva.pdf');
    await screenshot(moderator, 'outputs-materials');
  });

  it('replays an earlier moment and restores the board to it', async () => {
    const list = await times();
    const index = list.length - 2; // the checkpoint that holds only the first card
    await moderator.getByTestId('replay-slider').fill(String(index));
    await moderator.getByTestId('replay-board').getByTestId('card').filter({ hasText: FIRST }).waitFor();
    await waitFor(async () => (await moderator.getByTestId('replay-board').getByTestId('card').filter({ hasText: LATER }).count()) === 0, 'the later card to leave the replay');
    moderator.once('dialog', (d) => void d.accept());
    await moderator.getByTestId('replay-restore').click();
    await moderator.getByTestId('replay-message').waitFor();
    await waitFor(() => !readBoard(provider.doc).cards.some((c) => c.text === LATER), 'the restore to reach the other client');
    expect(readBoard(provider.doc).cards.map((c) => c.text)).toEqual([FIRST]);
    await screenshot(moderator, 'outputs-replay');
  });
});
