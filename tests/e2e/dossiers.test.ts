/**
 * Dossiers and what the hall agreed on, on the public outputs page (issue 21): before the
 * moderator publishes, nobody else downloads a dossier; once published, the page shows the
 * synthesis and one dossier link per organization with cards, and the link serves that
 * organization's dossier (its cards, not another's; no hidden card) without a token.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { addCard, LOCAL, participantKey, readBoard } from '../../src/lib/board/index.js';
import { VIEWPORTS } from '../../support/browser.js';
import { call, connectAs } from '../../support/socket-client.js';
import { waitFor } from '../../support/wait.js';
import { openProvider, type ProviderClient } from '../../support/yjs-clients.js';
import { pdfText } from '../helpers/pdf-text.js';
import { createTestEvent, type TestEvent } from '../helpers/test-server.js';
import { browserFile } from './support/browser-file.js';

const BRNO = 'Brno: kurzy češtiny pro dospělé mají půlroční čekací lhůty';
const PLZEN = 'Plzeň: jazykové kurzy jsou jen dopoledne, pracující nemohou';
const PRAHA = 'Praha 4: chybí tlumočníci na úřadě městské části';
const HIDDEN = 'Brno: skrytá karta, nezveřejňovat';
const CLUSTER = 'Kurzy češtiny';

const f = browserFile();
let ev: TestEvent;
let provider: ProviderClient;
let brnoId = '';

const dossierUrl = (token?: string) => `${f.server.url}/api/boards/${ev.boardId}/dossiers/${brnoId}.pdf${token ? `?t=${token}` : ''}`;
const outputsUrl = () => `${f.server.url}/outputs/${ev.response.eventId}`;

describe('dossiers on the outputs page', () => {
  it('seed: two organizations share a cluster, a third posts alone, one card is hidden', async () => {
    ev = await createTestEvent(f.server.url, { title: 'Výzvy integrace 2026', lang: 'cs' });
    provider = await openProvider(f.server.url.replace(/^http/, 'ws'), ev.boardId, ev.tokens.moderator);
    const s = readBoard(provider.doc);
    const key = participantKey(ev.boardId, provider.deviceId);
    brnoId = s.orgs[0].id;
    const add = (text: string, org: number, topic: number) =>
      addCard(provider.doc, { kind: 'weakness', text, orgId: s.orgs[org].id, author: '', authorKey: key, topicId: s.topics[topic].id }, LOCAL);
    const [brno, plzen] = [add(BRNO, 0, 0), add(PLZEN, 1, 0)];
    add(PRAHA, 2, 3);
    const hidden = add(HIDDEN, 0, 0);
    const mod = await connectAs(f.server.url, ev.boardId, ev.tokens.moderator);
    await waitFor(async () => (await call(mod, 'card:hide', { cardId: hidden, hidden: true })).ok, 'the card to be hidden');
    await waitFor(async () => (await call(mod, 'vote:toggle', { cardId: brno })).ok, 'a vote');
    await waitFor(async () => (await call(mod, 'card:cluster', { cardIds: [brno, plzen], title: CLUSTER })).ok, 'the cluster');
    mod.close();
  });

  it('refuses a dossier to anyone but the moderator before the outputs are published', async () => {
    expect((await fetch(dossierUrl())).status).toBe(401);
    expect((await fetch(dossierUrl(ev.tokens.audience))).status).toBe(403);
    expect((await fetch(dossierUrl(ev.tokens.panelist))).status).toBe(403);
    await waitFor(async () => (await fetch(dossierUrl(ev.tokens.moderator))).status === 200, 'the moderator’s dossier');
  });

  it('offers the moderator the dossiers in the console before publishing, with the moderator’s token', async () => {
    const { page } = await f.open({ viewport: VIEWPORTS.laptop, locale: 'cs-CZ' });
    await page.goto(ev.response.links[ev.boardId].moderator);
    await page.locator('[data-testid=outputs-section] > summary').click();
    const links = page.getByTestId('outputs-panel').getByTestId('dossier');
    await waitFor(async () => (await links.count()) === 3, 'three dossier links');
    if (process.env.DOSSIER_SHOTS) {
      await page.getByTestId('outputs-panel').getByTestId('dossiers').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${process.env.DOSSIER_SHOTS}/console-dossiers.png` });
    }
    const href = await links.first().getByTestId('dossier-md').getAttribute('href');
    expect(href).toContain(`t=${ev.tokens.moderator}`);
    const res = await fetch(`${f.server.url}${href}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(BRNO);
  });

  it('once published, shows the synthesis and one dossier link per organization, each serving its dossier', async () => {
    const put = await fetch(`${f.server.url}/api/events/${ev.response.eventId}/outputs?t=${ev.tokens.moderator}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ published: true })
    });
    expect(put.status).toBe(200);
    const { page } = await f.open({ viewport: VIEWPORTS.laptop, locale: 'cs-CZ' });
    await page.goto(outputsUrl());
    const synthesis = page.getByTestId('synthesis').first();
    await synthesis.waitFor();
    await expect(synthesis.getByTestId('synthesis-shared').innerText()).resolves.toMatch(/Kurzy češtiny — uvádějí Brno a\s+Plzeň/);
    await expect(synthesis.getByTestId('synthesis-top').innerText()).resolves.toContain(BRNO);
    await expect(synthesis.getByTestId('synthesis-matrix').innerText()).resolves.toContain(PRAHA.slice(0, 20));
    const names = await page.getByTestId('dossier').locator('.name').allInnerTexts();
    expect(names).toEqual(['Brno', 'Plzeň', 'Praha 4']);
    const href = await page.getByTestId('dossier').first().getByTestId('dossier-pdf').getAttribute('href');
    expect(href).not.toContain('t=');
    const res = await fetch(`${f.server.url}${href}`);
    expect(res.status).toBe(200);
    const text = pdfText(Buffer.from(await res.arrayBuffer())).replace(/\s+/g, ' ');
    expect(text).toContain('Dosiér: Brno');
    expect(text).toContain(BRNO);
    expect(text).toMatch(/Kurzy češtiny — uvádějí Brno a\s+Plzeň/);
    for (const absent of [PRAHA, HIDDEN]) expect(text).not.toContain(absent);
    expect(await page.locator('body').innerText()).not.toContain(HIDDEN);
  });

  it('fits every viewport without sideways scrolling of the page', async () => {
    for (const [name, viewport] of Object.entries({ ...VIEWPORTS, small: { width: 1024, height: 768 } })) {
      const { page } = await f.open({ viewport, locale: 'cs-CZ' });
      await page.goto(outputsUrl());
      await page.getByTestId('dossiers').first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, name).toBeLessThanOrEqual(0);
      if (process.env.DOSSIER_SHOTS) {
        await page.getByTestId('board-outcomes').first().scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${process.env.DOSSIER_SHOTS}/outputs-${name}.png`, fullPage: true });
      }
    }
  });
});

afterAll(() => provider?.destroy());
