/**
 * The README's outputs screenshots, from a running build:
 *
 *   npm run build && node --import tsx scripts/screenshots-outputs.ts [out-dir]
 *
 * A demo event with a cluster, a hidden card, a closed poll, a workshop with cards and one
 * without (left out of the page), a material, published; then the public outputs page (1366×768
 * and 390×844, its board further down on the phone) and the console's materials panel with its
 * drop zone.
 */
import { mkdir, stat } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { addCard, LOCAL, participantKey, readBoard } from '../src/lib/board/index.js';
import { runBrowserScript } from '../support/browser-script.js';
import { VIEWPORTS } from '../support/browser.js';
import { createDemoBoard, type DemoBoard } from '../support/demo-board.js';
import { call, connectAs } from '../support/socket-client.js';
import { openProvider } from '../support/yjs-clients.js';

const OUT = process.argv[2] ?? 'docs/screenshots';

async function shoot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(600);
  const path = `${OUT}/${name}.png`;
  await page.screenshot({ path });
  console.log(`${path}  ${Math.round((await stat(path)).size / 1024)} KB`);
}

async function open(browser: Browser, url: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'cs-CZ', reducedMotion: 'reduce' });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

async function seed(url: string, demo: DemoBoard): Promise<void> {
  const { event } = demo;
  const api = (path: string) => `${url}/api/events/${event.response.eventId}${path}?t=${event.tokens.moderator}`;
  await demo.moderate('card:cluster', { cardIds: [demo.cardIds[0], demo.cardIds[3]], title: 'Jedno kontaktní místo pro nově příchozí a jejich rodiny' });
  await demo.moderate('card:hide', { cardId: demo.cardIds[5], hidden: true });
  const mod = await connectAs(url, event.boardId, event.tokens.moderator);
  const options = ['Bydlení', 'Jazykové kurzy', 'Úřady jen česky'].map((text) => ({ text, cardId: null }));
  const created = await call<{ pollId: string }>(mod, 'poll:create', { question: 'Co má město řešit nejdřív?', multiple: false, options });
  if (!created.ok) throw new Error(JSON.stringify(created));
  const { pollId } = created.data;
  await new Promise((r) => setTimeout(r, 300));
  const ids = demo
    .state()
    .polls.find((p) => p.id === pollId)!
    .options.map((o) => o.id);
  for (const choice of [0, 0, 0, 1, 1, 2, 0]) {
    const phone = await connectAs(url, event.boardId, event.tokens.audience);
    await call(phone, 'poll:vote', { pollId, optionIds: [ids[choice]] });
    phone.close();
  }
  await call(mod, 'poll:close', { pollId });
  mod.close();
  for (const title of ['Workshop A: Bydlení', 'Workshop B: Práce']) {
    const res = await fetch(api('/boards'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title }) });
    const board = (await res.json()) as { id: string };
    if (title.startsWith('Workshop B')) continue;
    const writer = await openProvider(url.replace(/^http/, 'ws'), board.id, event.tokens.moderator);
    const s = readBoard(writer.doc);
    const texts = ['Chybí dostupné startovací byty pro rodiny', 'Ubytovny jako jediná možnost pro pracovní migranty', 'Realitní kanceláře odmítají cizince'];
    for (const [i, text] of texts.entries())
      addCard(writer.doc, { kind: 'weakness', text, orgId: s.orgs[i].id, author: '', authorKey: participantKey(board.id, writer.deviceId), topicId: s.topics[1].id }, LOCAL);
    await new Promise((r) => setTimeout(r, 1500));
    writer.destroy();
  }
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(120_000, 32), Buffer.from('\n%%EOF\n')]);
  const name = encodeURIComponent('Závěrečná zpráva panelu.pdf');
  const description = encodeURIComponent('Shrnutí diskuse a doporučení pro městské části');
  await fetch(`${api('/materials')}&name=${name}&description=${description}`, { method: 'POST', body: pdf });
  await fetch(api('/outputs'), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ published: true }) });
}

runBrowserScript(
  async ({ server, browser }) => {
    await mkdir(OUT, { recursive: true });
    const demo = await createDemoBoard({ url: server.url, lang: 'cs', cards: 10 });
    await seed(server.url, demo);
    const outputs = `${server.url}/outputs/${demo.event.response.eventId}`;

    const page = await open(browser, outputs, VIEWPORTS.laptop);
    await page.getByTestId('outputs-title').waitFor();
    await shoot(page, 'outputs-page');
    await page
      .locator('[data-testid=outputs-board] [data-testid=replay]')
      .first()
      .evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.locator('[data-testid=outputs-board] [data-testid=replay-play]').first().click();
    await page.waitForTimeout(1200);
    await shoot(page, 'outputs-replay');
    await page.context().close();

    const phone = await open(browser, outputs, VIEWPORTS.phone);
    await phone.getByTestId('outputs-title').waitFor();
    await shoot(phone, 'outputs-page-phone');
    await phone.context().close();

    const moderator = await open(browser, demo.links.moderator, VIEWPORTS.laptop);
    await moderator.locator('[data-testid=outputs-section] > summary').click();
    await moderator.getByTestId('material-item').first().waitFor();
    await moderator.getByTestId('material-drop').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shoot(moderator, 'moderator-materials');
    await moderator.context().close();
    demo.close();
  },
  { env: { LIMIT_CHECKPOINT_INTERVAL_MS: '300' } }
);
