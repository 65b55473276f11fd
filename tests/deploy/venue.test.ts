/**
 * A venue as deployed (issue 14): Debian's nginx with the repository's own site file
 * (deploy/nginx/panel-board.conf) in front of two built server processes on one Redis, with
 * TRUST_PROXY=1. Everything goes through nginx: a moderator, a panelist, the projector, and
 * 600 phones. Most phones share the hall's one address (the venue Wi-Fi's NAT); a few come from
 * addresses of their own (mobile data). Every client binds a loopback address of its own
 * (127.0.0.x), so the instances see many addresses only if they believe nginx's X-Forwarded-For.
 */
import { readFile } from 'node:fs/promises';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { addCard, LOCAL, participantKey, readBoard } from '../../src/lib/board/index.js';
import type { CreateEventResponse } from '../../src/lib/protocol/api.js';
import type { PresenceCounts } from '../../src/lib/protocol/events.js';
import { startNginx, type TestNginx } from '../helpers/nginx.js';
import { getTestRedis, runPrefix, type TestRedis } from '../helpers/redis.js';
import { startServerProcess, type ServerProcess } from '../../support/server-process.js';
import { waitFor } from '../../support/wait.js';
import { openRaw, type RawClient } from '../../support/yjs-clients.js';
import { deviceFrom, httpFrom, joinPhone, providerFrom, socketFrom, type Phone } from './venue-clients.js';

/** The venue Wi-Fi: one public address for most of the hall, staff included. */
const HALL = '127.0.0.2';
/** 540 phones on the hall's address open 1,080 connections: more than main's 500 per address on either instance. */
const HALL_PHONES = 540;
/** Phones on mobile data, each address with a few. */
const MOBILE = ['127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6', '127.0.0.7', '127.0.0.8'];
const PHONES_PER_MOBILE = 10;
const PHONES = HALL_PHONES + MOBILE.length * PHONES_PER_MOBILE;
/** Phones joining at once (a hall scanning the QR code together, on a 2-core test machine). */
const WAVE = 40;

const EVENT = { title: 'Challenges of Integration', date: '2026-11-27', place: 'Praha', template: 'integration', lang: 'en' };

describe('a venue behind nginx: two instances on one Redis, TRUST_PROXY=1', () => {
  let redis: TestRedis;
  let nginx: TestNginx | null = null;
  const instances: ServerProcess[] = [];
  const phones: Phone[] = [];
  const sockets: Socket[] = [];
  const raws: RawClient[] = [];
  const providers: WebsocketProvider[] = [];

  beforeAll(async () => {
    redis = await getTestRedis();
    const env = { REDIS_URL: redis.url, REDIS_PREFIX: runPrefix('venue'), TRUST_PROXY: '1' };
    instances.push(...(await Promise.all(['a', 'b'].map((id) => startServerProcess({ env: { ...env, INSTANCE_ID: id } })))));
    nginx = await startNginx({ upstreams: instances.map((s) => `127.0.0.1:${s.port}`) });
  });

  afterAll(async () => {
    for (const p of phones) p.close();
    for (const s of sockets) s.close();
    for (const r of raws) r.close();
    for (const p of providers) p.destroy();
    await nginx?.stop();
    await Promise.all(instances.map(async (s) => (await s.stop(), await s.cleanup())));
    await redis?.stop();
  });

  const createEvent = async (from: string, headers: Record<string, string> = {}): Promise<{ status: number; event?: CreateEventResponse }> => {
    const answer = await httpFrom(from, `${nginx!.url}/api/events`, { method: 'POST', json: EVENT, headers });
    return { status: answer.status, event: answer.status === 201 ? (JSON.parse(answer.body) as CreateEventResponse) : undefined };
  };

  it('the instances count the address nginx forwards: one address past its event-creation limit, the next address is still served', async () => {
    // Until both instances refuse 127.0.0.20 (each counts the limit itself on main, or shares it through Redis).
    const statuses: number[] = [];
    while (statuses.slice(-4).join() !== '429,429,429,429') {
      if (statuses.length >= 100) throw new Error(`127.0.0.20 was never refused: ${statuses.join(' ')}`);
      statuses.push((await createEvent('127.0.0.20')).status);
    }
    expect(statuses[0]).toBe(201);
    // A client cannot pose as someone else: nginx appends the real peer, and the instances believe only that hop.
    expect((await createEvent('127.0.0.20', { 'x-forwarded-for': '10.1.2.3' })).status).toBe(429);
    // Behind a proxy that the server did not believe, 127.0.0.21 would share nginx's (spent) budget.
    for (let i = 0; i < 3; i++) expect((await createEvent('127.0.0.21')).status, `event ${i + 1} from 127.0.0.21`).toBe(201);
  });

  it('passes a material upload of several MiB (nginx refuses bodies over 1 MiB unless told otherwise)', async () => {
    const created = await createEvent('127.0.0.30');
    const event = created.event!;
    const moderator = new URL(event.links[event.boards[0].id].moderator).searchParams.get('t') ?? '';
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5 * 1024 * 1024, 0x20), Buffer.from('\n%%EOF\n')]);
    const answer = await httpFrom('127.0.0.30', `${nginx!.url}/api/events/${event.eventId}/materials?t=${moderator}&name=slides.pdf`, { method: 'POST', body: pdf });
    expect(answer.status, answer.body).toBe(201);
    expect(JSON.parse(answer.body)).toMatchObject({ name: 'slides.pdf', size: pdf.byteLength });
  });

  it(`admits ${PHONES} phones (${HALL_PHONES} on the hall's address) and the staff, and a panelist's card reaches every phone`, async () => {
    const created = await createEvent(HALL);
    expect(created.status).toBe(201);
    const event = created.event!;
    const board = event.boards[0];
    const tokenOf = (role: 'moderator' | 'panelist' | 'projector'): string => new URL(event.links[board.id][role]).searchParams.get('t') ?? '';
    const wsUrl = nginx!.url.replace(/^http/, 'ws');

    // The phones, in waves: the hall's Wi-Fi first, then mobile data.
    const addresses = [...Array(HALL_PHONES).fill(HALL), ...MOBILE.flatMap((a) => Array(PHONES_PER_MOBILE).fill(a))] as string[];
    const refused: string[] = [];
    const joinStarted = Date.now();
    for (let i = 0; i < addresses.length; i += WAVE) {
      const wave = await Promise.allSettled(addresses.slice(i, i + WAVE).map((a) => joinPhone(a, nginx!.url, board.joinCode)));
      for (const r of wave) {
        if (r.status === 'fulfilled') phones.push(r.value);
        else refused.push(String(r.reason));
      }
    }
    expect(refused, `${refused.length} of ${PHONES} phones refused, e.g. ${refused.slice(0, 3).join('; ')}`).toEqual([]);
    await waitFor(() => phones.every((p) => p.yjs.synced() || p.yjsClosed !== null), 'every phone’s Yjs sync', 60_000);
    const closed = phones.filter((p) => p.yjsClosed !== null);
    expect(
      closed.map((p) => `${p.address}: ${p.yjsClosed}`),
      'phones whose Yjs socket was closed'
    ).toEqual([]);
    const joinSeconds = (Date.now() - joinStarted) / 1000;

    // The staff arrive last, on the hall's Wi-Fi (main refused them too once the hall was in).
    const moderator = await socketFrom(HALL, nginx!.url, { token: tokenOf('moderator'), boardId: board.id, deviceId: await deviceFrom(HALL, nginx!.url) });
    sockets.push(moderator);
    let presence: PresenceCounts | null = null;
    moderator.on('presence', (counts: PresenceCounts) => (presence = counts));
    const panelist = providerFrom(HALL, wsUrl, board.id, tokenOf('panelist'), await deviceFrom(HALL, nginx!.url));
    providers.push(panelist.provider);
    const projector = openRaw(wsUrl, board.id, tokenOf('projector'), undefined, { localAddress: HALL });
    raws.push(projector);
    sockets.push(await socketFrom(HALL, nginx!.url, { token: tokenOf('projector'), boardId: board.id, deviceId: await deviceFrom(HALL, nginx!.url) }));
    await waitFor(() => panelist.provider.synced && projector.synced(), 'the panelist and the projector to sync', 30_000);
    // The moderator's socket.io counts every phone's socket, summed over both instances.
    await waitFor(() => presence?.audience === PHONES, `presence to count ${PHONES} phones (last: ${JSON.stringify(presence)})`, 30_000);

    const text = 'Nobody tells newcomers which office handles their residence permit';
    const cardStarted = Date.now();
    post(panelist.doc, board.id, panelist.deviceId, text);
    const hasCard = (doc: Y.Doc): boolean => readBoard(doc).cards.some((c) => c.text === text);
    const waiting = new Set(phones);
    await waitFor(
      () => {
        for (const p of waiting) if (hasCard(p.yjs.doc)) waiting.delete(p);
        return waiting.size === 0 && hasCard(projector.doc);
      },
      `the card on every phone (${waiting.size} without it) and the projector`,
      60_000
    );
    const cardSeconds = (Date.now() - cardStarted) / 1000;

    expect(phones.filter((p) => p.yjsClosed !== null || !p.socket.connected).length, 'phones dropped during the session').toBe(0);
    expect(moderator.connected).toBe(true);
    // Figures for the record (not asserted: a loaded 2-core machine varies).
    const rss = await Promise.all(
      instances.map((s) =>
        readFile(`/proc/${s.child.pid}/status`, 'utf8').then(
          (t) => /VmRSS:\s+(\d+)/.exec(t)?.[1] ?? '?',
          () => '?'
        )
      )
    );
    console.log(
      `venue: ${phones.length} phones admitted through nginx (${HALL_PHONES} from ${HALL}) in ${joinSeconds.toFixed(1)} s; the card reached all in ${cardSeconds.toFixed(2)} s; instances' RSS ${rss.map((kb) => `${Math.round(Number(kb) / 1024)} MB`).join(' and ')}`
    );
  });
});

function post(doc: Y.Doc, boardId: string, deviceId: string, text: string): void {
  const s = readBoard(doc);
  addCard(doc, { kind: 'pitfall', text, orgId: s.orgs[0]?.id ?? null, author: 'Panelist', authorKey: participantKey(boardId, deviceId), topicId: s.topics[0]?.id ?? null }, LOCAL);
}
