/**
 * The moderator's outputs panel in the browser: materials upload with clear messages (wrong
 * type, then a real PDF listed), the drop zone in the UI's language (issue 18, point 8: a file
 * dropped or chosen uploads with a visible progress bar; too large or of a wrong type is refused
 * in Czech before a byte is sent), and replay: the slider shows an earlier moment and a restore
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

browserTest.override('appOptions', { env: { LIMIT_CHECKPOINT_INTERVAL_MS: '100', LIMIT_MAX_MATERIAL_BYTES: String(3 * 1024 * 1024) } });

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

/** The names in the materials list, as its name fields hold them. */
const listed = (): Promise<string[]> => moderator.getByTestId('material-item').evaluateAll((els) => els.map((el) => el.querySelector('input')?.value ?? ''));

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

  it('shows a Czech drop zone whose hidden native input picks a file from the keyboard', async () => {
    await moderator.getByTestId('locale-cs').click();
    const zone = moderator.getByTestId('material-drop');
    expect(await zone.innerText()).toContain('Přetáhněte soubory sem nebo klikněte a vyberte');
    expect(await zone.innerText()).not.toMatch(/Choose File|No file chosen/);
    const input = moderator.getByTestId('material-file');
    const box = (await input.boundingBox())!;
    expect(box.width * box.height).toBeLessThanOrEqual(1);
    await input.focus();
    expect(await input.evaluate((el) => el === document.activeElement && el.closest('label')?.matches(':focus-within'))).toBe(true);
    const chooser = moderator.waitForEvent('filechooser');
    await moderator.keyboard.press('Space');
    const picked = join(dir, 'Program z klávesnice.pdf');
    await writeFile(picked, '%PDF-1.4\n%%EOF\n');
    await (await chooser).setFiles(picked);
    await waitFor(async () => (await listed()).includes('Program z klávesnice.pdf'), 'the file picked from the keyboard in the list');
  });

  it('uploads a chosen file with a visible progress bar, then lists it', async () => {
    const big = join(dir, 'Program panelu.pdf');
    await writeFile(big, Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1_500_000, 32), Buffer.from('\n%%EOF\n')]));
    const cdp = await moderator.context().newCDPSession(moderator);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: 10_000_000, uploadThroughput: 500_000 });
    try {
      await moderator.getByTestId('material-file').setInputFiles(big);
      const bar = moderator.getByTestId('material-progressbar');
      await bar.waitFor();
      expect(await bar.getAttribute('aria-label')).toMatch(/^Nahrávání… \d+ %$/);
      expect(await moderator.getByTestId('material-progress').innerText()).toContain('Nahrává se Program panelu.pdf');
      const seen: number[] = [];
      await waitFor(
        async () => {
          const now = await bar.getAttribute('aria-valuenow', { timeout: 1000 }).catch(() => null);
          if (now === null) return true;
          seen.push(Number(now));
          return false;
        },
        'the upload to finish',
        30_000
      );
      expect(seen.some((p) => p > 0 && p < 100)).toBe(true);
    } finally {
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      await cdp.detach();
    }
    await waitFor(async () => (await listed()).includes('Program panelu.pdf'), 'the uploaded file in the list');
    expect(await moderator.getByTestId('material-message').innerText()).toBe('Nahráno.');
  });

  it('uploads a dropped file, and refuses a too large or wrong-type file in Czech before sending it', async () => {
    const zone = moderator.getByTestId('material-drop');
    await zone.evaluate((el) => {
      const files = new DataTransfer();
      files.items.add(new File(['%PDF-1.4\n%%EOF\n'], 'Pozvánka.pdf', { type: 'application/pdf' }));
      el.dispatchEvent(new DragEvent('dragenter', { dataTransfer: files, bubbles: true, cancelable: true }));
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: files, bubbles: true, cancelable: true }));
    });
    await waitFor(async () => (await listed()).includes('Pozvánka.pdf'), 'the dropped file in the list');
    const before = await moderator.getByTestId('material-item').count();
    const huge = join(dir, 'Záznam.pdf');
    await writeFile(huge, Buffer.alloc(3 * 1024 * 1024 + 1, 32));
    await moderator.getByTestId('material-file').setInputFiles(huge);
    await waitFor(async () => (await moderator.getByTestId('material-message').innerText()) === 'Soubor je příliš velký: nejvýše 3 MB na soubor.', 'the too-large message');
    const exe = join(dir, 'setup.exe');
    await writeFile(exe, 'MZ');
    await moderator.getByTestId('material-file').setInputFiles(exe);
    await waitFor(async () => /^Tento typ souboru není povolen/.test(await moderator.getByTestId('material-message').innerText()), 'the wrong-type message');
    expect(await moderator.getByTestId('material-item').count()).toBe(before);
    await screenshot(moderator, 'outputs-materials-dropzone');
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
