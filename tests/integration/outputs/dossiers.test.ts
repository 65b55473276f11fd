/**
 * Dossiers over HTTP (issue 21): a seeded organization's dossier as PDF and Markdown holds exactly
 * its cards and shared clusters; the zip holds one file per organization with cards; before the
 * outputs are published only the moderator downloads them (401 without a token, 403 for another
 * role), afterwards anyone does; the board report carries "what the hall agreed on".
 */
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { D, seedDossierBoard } from '../../helpers/dossier-fixture.js';
import { pdfText } from '../../helpers/pdf-text.js';
import { createTestEvent, type TestEvent, type TestServer } from '../../helpers/test-server.js';
import { serverTest } from '../../fixtures.js';

let ts: TestServer;
let ev: TestEvent;
let orgs: ReturnType<typeof seedDossierBoard>;

const get = (path: string) => fetch(`${ts.url}${path}`);
const q = (token?: string, extra = '') => `?${token ? `t=${token}&` : ''}lang=en${extra}`;
const dossierUrl = (orgId: string, format: string, token?: string) => `/api/boards/${ev.boardId}/dossiers/${orgId}.${format}${q(token)}`;
const zipUrl = (token?: string, extra = '') => `/api/boards/${ev.boardId}/dossiers.zip${q(token, extra)}`;
const publish = (published: boolean) =>
  fetch(`${ts.url}/api/events/${ev.response.eventId}/outputs?t=${ev.tokens.moderator}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ published })
  });

const ABSENT = [D.ownCluster, D.brnoHidden, D.brnoRedactedOld, D.plzenElsewhere, D.questionElsewhere, D.praha7Hidden, D.hiddenComment, D.author];

serverTest.beforeAll(async ({ server }) => {
  ts = server;
  ev = await createTestEvent(ts.url, { title: 'Výzvy integrace', lang: 'cs' });
  orgs = await ts.server.registry.withBoard(ev.boardId, async (b) => {
    const seeded = seedDossierBoard(b.full.doc);
    await b.full.flushed();
    await b.public.flushed();
    return seeded;
  });
});

describe('dossiers over HTTP', { timeout: 60_000 }, () => {
  it('PDF for the moderator: exactly Brno’s cards and the cluster it shares, "raised by Brno, Plzeň and Praha 14"', async () => {
    const res = await get(dossierUrl(orgs.brno, 'pdf', ev.tokens.moderator));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="dossier-brno\.pdf"/);
    const text = pdfText(Buffer.from(await res.arrayBuffer())).replace(/\s+/g, ' ');
    for (const s of ['Dossier: Brno', D.brnoA, D.brnoB, D.brnoRedactedNew, D.questionToBrno, D.questionInTopic, D.comment, `${D.cluster} — raised by Brno, Plzeň and Praha 14`])
      expect(text).toContain(s);
    for (const s of ABSENT) expect(text).not.toContain(s);
  });

  it('Markdown likewise, in Czech by default', async () => {
    // Czech lists keep "a" with the next name (a no-break space).
    const md = (await (await get(`/api/boards/${ev.boardId}/dossiers/${orgs.brno}.md?t=${ev.tokens.moderator}`)).text()).replace(/\u00a0/g, ' ');
    expect(md.startsWith('# Dosiér: Brno\n')).toBe(true);
    expect(md).toContain(`**${D.cluster}** — uvádějí Brno, Plzeň a Praha 14`);
    for (const s of [D.brnoA, D.brnoB, D.comment]) expect(md).toContain(s);
    for (const s of ABSENT) expect(md).not.toContain(s);
  });

  it('the zip holds one dossier per organization with cards, in the asked format', async () => {
    for (const format of ['pdf', 'md']) {
      const res = await get(zipUrl(ev.tokens.moderator, `&format=${format}`));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/zip');
      const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
      expect(Object.keys(files).sort()).toEqual([`dossier-brno.${format}`, `dossier-plzen.${format}`, `dossier-praha-14.${format}`]);
    }
  });

  it('the board report (PDF, Markdown) carries what the hall agreed on', async () => {
    const pdf = pdfText(Buffer.from(await (await get(`/api/boards/${ev.boardId}/export.pdf${q(ev.tokens.moderator)}`)).arrayBuffer())).replace(/\s+/g, ' ');
    const md = await (await get(`/api/boards/${ev.boardId}/export.md${q(ev.tokens.moderator)}`)).text();
    for (const text of [pdf, md]) {
      expect(text).toContain('What the hall agreed on');
      expect(text).toContain('raised by Brno, Plzeň and Praha 14');
      expect(text).toContain('Top 10 by votes');
    }
  });

  it('is refused to anyone but the moderator until the outputs are published, then served to all', async () => {
    for (const url of [dossierUrl(orgs.brno, 'pdf'), dossierUrl(orgs.brno, 'md'), zipUrl()]) expect((await get(url)).status).toBe(401);
    for (const token of [ev.tokens.audience, ev.tokens.panelist, 'wrong-token'])
      expect((await get(dossierUrl(orgs.brno, 'md', token))).status).toBe(token === 'wrong-token' ? 401 : 403);
    expect((await get(zipUrl(ev.tokens.audience))).status).toBe(403);
    expect((await publish(true)).status).toBe(200);
    const md = await get(dossierUrl(orgs.brno, 'md'));
    expect(md.status).toBe(200);
    expect(md.headers.get('cache-control')).toBe('no-cache');
    expect(await md.text()).toContain(D.brnoA);
    expect((await get(dossierUrl(orgs.brno, 'pdf', ev.tokens.audience))).status).toBe(200);
    expect((await get(zipUrl())).status).toBe(200);
    expect((await publish(false)).status).toBe(200);
    expect((await get(dossierUrl(orgs.brno, 'md'))).status).toBe(401);
  });

  it('an unknown organization, format or board is 404', async () => {
    expect((await get(dossierUrl('nosuchorg', 'pdf', ev.tokens.moderator))).status).toBe(404);
    expect((await get(dossierUrl(orgs.brno, 'exe', ev.tokens.moderator))).status).toBe(404);
    expect((await get(`/api/boards/nosuchboard/dossiers.zip?t=${ev.tokens.moderator}`)).status).toBe(404);
  });
});
