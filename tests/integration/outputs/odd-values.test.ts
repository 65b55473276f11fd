/**
 * Issue 13, finding 11, over HTTP: a value a writer put straight into the board (bypassing the
 * write policy) no longer breaks the CSV, the zip or the replay for everyone, the public
 * included (main answered 200 and cut the CSV and the zip mid-stream).
 */
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { cardsMap } from '../../../src/lib/board/layout.js';
import { parseCsv } from '../../../server/outputs/exports/csv.js';
import { seedBoard, SEED } from '../../helpers/outputs-server.js';
import { createTestEvent, publishOutputs, type TestEvent, type TestServer } from '../../helpers/test-server.js';
import { serverTest } from '../../fixtures.js';

let ts: TestServer;
let ev: TestEvent;

serverTest.beforeAll(async ({ server }) => {
  ts = server;
  ev = await createTestEvent(ts.url, { title: 'Divné hodnoty' });
  const ids = await seedBoard(ts, ev.boardId);
  await ts.server.registry.withBoard(ev.boardId, async (b) => {
    b.full.doc.transact(() => {
      const card = cardsMap(b.full.doc).get(ids.pangram)!;
      card.set('createdAt', 1e300);
      card.set('updatedAt', NaN);
      const odd = new Y.Map<unknown>();
      odd.set('text', 'karta s nesmysly');
      odd.set('createdAt', -Infinity);
      odd.set('order', 'first');
      cardsMap(b.full.doc).set('odd', odd);
      (cardsMap(b.full.doc) as unknown as Y.Map<unknown>).set('plain', 'not a card');
    });
    await b.full.flushed();
    await b.public.flushed();
  });
  await publishOutputs(ts.url, ev);
});

describe('exports of a board holding out-of-range values', () => {
  for (const [who, token] of [
    ['moderator', () => ev.tokens.moderator],
    ['public', () => '']
  ] as const) {
    it(`serve a complete CSV and zip to the ${who}`, async () => {
      const csv = await fetch(`${ts.url}/api/boards/${ev.boardId}/export.csv?t=${token()}`);
      expect(csv.status).toBe(200);
      const rows = parseCsv(await csv.text());
      expect(rows.some((r) => r.includes(SEED.pangram))).toBe(true);
      expect(rows.some((r) => r.includes('karta s nesmysly'))).toBe(true);
      const zip = await fetch(`${ts.url}/api/events/${ev.response.eventId}/export.zip?t=${token()}`);
      expect(zip.status).toBe(200);
      const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
      expect(Object.keys(files).filter((f) => /\.(csv|json|md|pdf)$/.test(f))).toHaveLength(4);
    });
  }
});
