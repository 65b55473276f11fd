/**
 * The retention tests' event (docs/privacy.md §6): everything an event leaves behind, each piece
 * holding a distinctive text: a panelist's card (full and public documents, snapshots, log,
 * history checkpoints), a pending audience submission (the moderator-only queue), a material
 * (blob), the published outputs; and the scans of where its texts and ids could remain.
 */
import { addCard, LOCAL, participantKey, readBoard } from '../../src/lib/board/index.js';
import { checkpointsOf, occurrences } from './byte-scan.js';
import { call, connectAs } from '../../support/socket-client.js';
import { createTestEvent, type TestEvent, type TestServer } from './test-server.js';
import { waitFor } from '../../support/wait.js';
import { openProvider, type ProviderClient } from '../../support/yjs-clients.js';

export const CARD_SECRET = 'Kontakt: Jana Nováková, +420 777 123 456';
export const QUEUE_SECRET = 'Olena Kovalenko, ulice Dlouhá 12, Brno';
export const MATERIAL_SECRET = 'zapis-z-jednani-Novakova-777123456';
export const TITLE = 'Retence: výzvy integrace 2026';
/** The whole strings and distinctive parts of each. */
export const TEXTS = [CARD_SECRET, '777 123 456', QUEUE_SECRET, 'Kovalenko', MATERIAL_SECRET, TITLE];

export interface SeededEvent {
  ev: TestEvent;
  eventId: string;
  boardIds: string[];
  panelist: ProviderClient;
  /** Texts and the event's and boards' ids and join codes: none may remain after the purge. */
  needles: string[];
}

const pdf = (text: string): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`));

export async function seedEvent(ts: TestServer): Promise<SeededEvent> {
  const ev = await createTestEvent(ts.url, { title: TITLE, workshops: ['Dílna: bydlení'] });
  const eventId = ev.response.eventId;
  const panelist = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.panelist);
  const topicId = readBoard(panelist.doc).topics[0].id;
  addCard(panelist.doc, { kind: 'weakness', text: CARD_SECRET, orgId: null, author: 'Petr', authorKey: participantKey(ev.boardId, panelist.deviceId), topicId }, LOCAL);
  await waitFor(async () => occurrences(await checkpointsOf(ts.server.checkpoints, ev.boardId), [CARD_SECRET]).length > 0, 'a checkpoint holding the card');
  await ts.server.registry.withBoard(ev.boardId, async (b) => {
    await b.full.compactNow();
    await b.public.compactNow();
  });
  const phone = await connectAs(ts.url, ev.boardId, ev.tokens.audience);
  const filed = await call(phone, 'submission:create', { type: 'card', key: 'retention-1', kind: 'question', text: QUEUE_SECRET, topicId: null, author: 'Olena', orgId: null });
  phone.close();
  if (!filed.ok) throw new Error(filed.message);
  const t = ev.tokens.moderator;
  const up = await fetch(`${ts.url}/api/events/${eventId}/materials?t=${t}&name=${MATERIAL_SECRET}.pdf`, { method: 'POST', body: pdf(MATERIAL_SECRET) });
  if (up.status !== 201) throw new Error(`upload: ${up.status} ${await up.text()}`);
  const pub = await fetch(`${ts.url}/api/events/${eventId}/outputs?t=${t}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ published: true })
  });
  if (pub.status !== 200) throw new Error(`publish: ${pub.status}`);
  await ts.server.registry.flushAll();
  const boards = ev.response.boards;
  return { ev, eventId, boardIds: boards.map((b) => b.id), panelist, needles: [...TEXTS, eventId, ...boards.flatMap((b) => [b.id, b.joinCode])] };
}
