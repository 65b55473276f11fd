/** Exports over HTTP: formats, roles, publishing, the event zip and the JSON import round trip. */
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../server/outputs/exports/csv.js';
import type { BoardExport } from '../../../server/outputs/exports/json.js';
import { seedBoard, SEED, SEED_ENGAGEMENT } from '../../helpers/outputs-server.js';
import { pdfText } from '../../helpers/pdf-text.js';
import { createTestEvent, type TestEvent, type TestServer } from '../../helpers/test-server.js';
import { serverTest } from '../../fixtures.js';

let ts: TestServer;
let ev: TestEvent;

const get = (path: string) => fetch(`${ts.url}${path}`);
const exportUrl = (format: string, token?: string, extra = '') => `/api/boards/${ev.boardId}/export.${format}?${token ? `t=${token}` : ''}${extra}`;
const publish = (published: boolean) =>
  fetch(`${ts.url}/api/events/${ev.response.eventId}/outputs?t=${ev.tokens.moderator}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ published })
  });

serverTest.beforeAll(async ({ server }) => {
  ts = server;
  ev = await createTestEvent(ts.url, { title: 'Výzvy integrace', lang: 'cs', workshops: ['Workshop: Bydlení'] });
  await seedBoard(ts, ev.boardId);
});

describe('board exports', () => {
  it('serve each format as an attachment with its content type, Czech text intact', async () => {
    const types = { pdf: 'application/pdf', md: 'text/markdown; charset=utf-8', csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8' };
    for (const [format, type] of Object.entries(types)) {
      const res = await get(exportUrl(format, ev.tokens.moderator));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="vyzvy-integrace\\.${format}"`));
      const body = Buffer.from(await res.arrayBuffer());
      const text = format === 'pdf' ? pdfText(body).replace(/\s+/g, ' ') : body.toString('utf8');
      expect(text).toContain(SEED.pangram);
      expect(text).toContain(SEED.cities);
    }
  });

  it('give the moderator hidden cards flagged in CSV and JSON, never in the report formats', async () => {
    const json = (await (await get(exportUrl('json', ev.tokens.moderator))).json()) as BoardExport;
    expect(json.cards.find((c) => c.text === SEED.hidden)?.hidden).toBe(true);
    const csv = parseCsv(await (await get(exportUrl('csv', ev.tokens.moderator))).text());
    expect(csv.some((r) => r.includes(SEED.hidden))).toBe(true);
    expect(csv.some((r) => r.includes(`'${SEED.formula}`))).toBe(true);
    expect(await (await get(exportUrl('md', ev.tokens.moderator))).text()).not.toContain(SEED.hidden);
  });

  it('carry polls with their results and visible comments in every format; hidden comments only in the moderator’s JSON', async () => {
    const pdf = pdfText(Buffer.from(await (await get(exportUrl('pdf', ev.tokens.moderator))).arrayBuffer())).replace(/\s+/g, ' ');
    expect(pdf).toContain(SEED_ENGAGEMENT.poll);
    expect(pdf).toContain(`${SEED_ENGAGEMENT.option}: 2 hlasy (67 %)`);
    expect(pdf).toContain(SEED_ENGAGEMENT.comment);
    const md = await (await get(exportUrl('md', ev.tokens.moderator))).text();
    expect(md).toContain(`### ${SEED_ENGAGEMENT.poll}`);
    expect(md).toContain(`| ${SEED_ENGAGEMENT.option} | 2 | 67 % |`);
    expect(md).toContain(SEED_ENGAGEMENT.comment);
    const csv = await (await get(exportUrl('csv', ev.tokens.moderator))).text();
    expect(csv).toContain(SEED_ENGAGEMENT.poll);
    expect(csv).toContain(`Eva: ${SEED_ENGAGEMENT.comment}`);
    const json = (await (await get(exportUrl('json', ev.tokens.moderator))).json()) as BoardExport;
    expect(json.polls.map((p) => p.question)).toEqual([SEED_ENGAGEMENT.poll]);
    expect(json.pollVotes).toHaveLength(3);
    expect(json.comments.map((c) => [c.text, c.hidden])).toEqual([
      [SEED_ENGAGEMENT.comment, false],
      [SEED_ENGAGEMENT.hiddenComment, true]
    ]);
    for (const text of [pdf, md, csv]) expect(text).not.toContain(SEED_ENGAGEMENT.hiddenComment);
  });

  it('localise headings with lang (cs by default)', async () => {
    expect(await (await get(exportUrl('md', ev.tokens.moderator))).text()).toContain('## Shrnutí');
    expect(await (await get(exportUrl('md', ev.tokens.moderator, '&lang=en'))).text()).toContain('## Summary');
  });

  it('are refused to other roles and to anyone without a token until the outputs are published', async () => {
    expect((await get(exportUrl('json'))).status).toBe(401);
    expect((await get(exportUrl('json', ev.tokens.audience))).status).toBe(403);
    expect((await get(exportUrl('json', 'wrong-token'))).status).toBe(401);
    expect((await publish(true)).status).toBe(200);
    for (const token of [undefined, ev.tokens.audience]) {
      const res = await get(exportUrl('json', token));
      expect(res.status).toBe(200);
      const data = (await res.json()) as BoardExport;
      expect(data.cards.some((c) => c.text === SEED.hidden)).toBe(false);
      expect(data.cards.some((c) => c.text === SEED.pangram)).toBe(true);
    }
    expect(await (await get(exportUrl('csv'))).text()).not.toContain(SEED.hidden);
    const pub = (await (await get(exportUrl('json'))).json()) as BoardExport;
    expect(pub.comments.map((c) => c.text)).toEqual([SEED_ENGAGEMENT.comment]);
    expect(pub.polls[0].options.map((o) => o.text)).toEqual([SEED_ENGAGEMENT.option, SEED.cities]);
    expect((await publish(false)).status).toBe(200);
    expect((await get(exportUrl('json'))).status).toBe(401);
  });

  it('an unknown format or board is 404', async () => {
    expect((await get(exportUrl('exe', ev.tokens.moderator))).status).toBe(404);
    expect((await get(`/api/boards/nosuchboard/export.pdf?t=${ev.tokens.moderator}`)).status).toBe(404);
  });
});

describe('event bundle', () => {
  it('zips every board in every format', async () => {
    const res = await get(`/api/events/${ev.response.eventId}/export.zip?t=${ev.tokens.moderator}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="vyzvy-integrace\.zip"/);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const names = Object.keys(files).sort();
    expect(names).toEqual([
      '01-vyzvy-integrace/vyzvy-integrace.csv',
      '01-vyzvy-integrace/vyzvy-integrace.json',
      '01-vyzvy-integrace/vyzvy-integrace.md',
      '01-vyzvy-integrace/vyzvy-integrace.pdf',
      '02-workshop-bydleni/workshop-bydleni.csv',
      '02-workshop-bydleni/workshop-bydleni.json',
      '02-workshop-bydleni/workshop-bydleni.md',
      '02-workshop-bydleni/workshop-bydleni.pdf'
    ]);
    expect(new TextDecoder().decode(files['01-vyzvy-integrace/vyzvy-integrace.md'])).toContain(SEED.pangram);
    expect(pdfText(Buffer.from(files['01-vyzvy-integrace/vyzvy-integrace.pdf']))).toContain('Shrnutí');
  });
});

describe('JSON import', () => {
  const stable = (data: BoardExport) => {
    const { exportedAt: _t, board: _b, ...rest } = data;
    return rest;
  };

  it('creates a new board whose export equals the imported JSON (ids preserved)', async () => {
    const original = (await (await get(exportUrl('json', ev.tokens.moderator))).json()) as BoardExport;
    const res = await fetch(`${ts.url}/api/events/${ev.response.eventId}/import?t=${ev.tokens.moderator}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(original)
    });
    expect(res.status).toBe(201);
    const board = (await res.json()) as { id: string; title: string };
    expect(board.id).not.toBe(ev.boardId);
    expect(board.title).toBe(original.board.title);
    const again = (await (await get(`/api/boards/${board.id}/export.json?t=${ev.tokens.moderator}`)).json()) as BoardExport;
    expect(stable(again)).toEqual(stable(original));
    expect(again.board.title).toBe(original.board.title);
  });

  it('is moderator-only and validates the document', async () => {
    const post = (token: string, body: unknown) =>
      fetch(`${ts.url}/api/events/${ev.response.eventId}/import?t=${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post(ev.tokens.panelist, {})).status).toBe(403);
    expect((await post(ev.tokens.moderator, { format: 'something-else' })).status).toBe(400);
  });
});
