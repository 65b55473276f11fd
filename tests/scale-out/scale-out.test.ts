/**
 * Scale-out (REDIS_URL): several server processes share every board through Redis and lose
 * nothing through faults. Real processes, real Redis, a key prefix per run.
 */
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCard, LOCAL, participantKey, readBoard, upvoteCount, voteCount } from '../../src/lib/board/index.js';
import { issueCredential } from '../../server/events/devices.js';
import { derivedSecret } from '../../server/events/secrets.js';
import { freePort } from '../../support/ports.js';
import { getTestRedis, runPrefix, startPrivateRedis, type TestRedis } from '../helpers/redis.js';
import { startServerProcess, type ServerProcess } from '../../support/server-process.js';
import { call, connectAs } from '../../support/socket-client.js';
import { createTestEvent } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';

interface Client {
  doc: Y.Doc;
  deviceId: string;
  provider: WebsocketProvider;
  /** Points this client's document at another instance, as a load balancer would after a failure. */
  moveTo(server: ServerProcess): void;
  destroy(): void;
}

// Every instance here, also those on a Redis of their own, shares one device secret, so the
// test can issue device identities itself (as POST /api/device would).
const DEVICE_SECRET = 'scale-out-test-device-secret-0123456789';
const newDeviceId = (): string => issueCredential(derivedSecret(DEVICE_SECRET, 'device-hmac'));

const started: ServerProcess[] = [];
const clients: Client[] = [];
// In Node, y-websocket's provider adds a process `exit` listener per provider; this file keeps
// more than ten open at once (they are destroyed in afterAll), which is not a leak.
process.setMaxListeners(50);

async function instance(redisUrl: string, prefix: string, name: string, extra: { allowDegraded?: boolean } = {}): Promise<ServerProcess> {
  const s = await startServerProcess({ env: { REDIS_URL: redisUrl, REDIS_PREFIX: prefix, INSTANCE_ID: name, DEVICE_SECRET }, ...extra });
  started.push(s);
  return s;
}

async function createEvent(server: ServerProcess): Promise<{ boardId: string; panelist: string; audience: string }> {
  const ev = await createTestEvent(server.url, { title: 'Scale-out', lang: 'cs' });
  return { boardId: ev.boardId, panelist: ev.tokens.panelist, audience: ev.tokens.audience };
}

function connect(server: ServerProcess, boardId: string, token: string, doc = new Y.Doc(), deviceId = newDeviceId()): Client {
  const open = (s: ServerProcess) =>
    new WebsocketProvider(`${s.url.replace('http', 'ws')}/yjs`, boardId, doc, {
      params: { token, device: deviceId },
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      maxBackoffTime: 300
    });
  const client: Client = {
    doc,
    deviceId,
    provider: open(server),
    moveTo(s) {
      client.provider.destroy();
      client.provider = open(s);
    },
    destroy() {
      client.provider.destroy();
    }
  };
  clients.push(client);
  return client;
}

async function synced(client: Client): Promise<void> {
  await waitFor(() => client.provider.synced, 'provider sync', 15_000);
}

function post(client: Client, boardId: string, text: string): void {
  const s = readBoard(client.doc);
  addCard(
    client.doc,
    { kind: 'pitfall', text, orgId: s.orgs[0]?.id ?? null, author: 'T', authorKey: participantKey(boardId, client.deviceId), topicId: s.topics[0]?.id ?? null },
    LOCAL
  );
}

const texts = (doc: Y.Doc): Set<string> => new Set(readBoard(doc).cards.map((c) => c.text));
const encoded = (doc: Y.Doc): string =>
  JSON.stringify({
    sv: [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(),
    board: readBoard(doc)
      .cards.map((c) => [c.id, c.text, c.hidden])
      .sort()
  });

async function converge(docs: Y.Doc[], what: string): Promise<void> {
  await waitFor(() => docs.every((d) => encoded(d) === encoded(docs[0])), what, 60_000);
}

let redis: TestRedis;

beforeAll(async () => {
  redis = await getTestRedis();
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  for (const s of started) {
    await s.kill();
    await s.cleanup();
  }
  await redis?.stop();
});

describe('three instances sharing one Redis', () => {
  const prefix = runPrefix('scale');
  let a: ServerProcess, b: ServerProcess, c: ServerProcess;
  let board: Awaited<ReturnType<typeof createEvent>>;

  beforeAll(async () => {
    [a, b, c] = await Promise.all([instance(redis.url, prefix, 'a'), instance(redis.url, prefix, 'b'), instance(redis.url, prefix, 'c')]);
    board = await createEvent(a);
  });

  it('clients spread over the instances converge to identical documents', async () => {
    const [ca, cb, cc] = [a, b, c].map((s) => connect(s, board.boardId, board.panelist));
    await Promise.all([ca, cb, cc].map(synced));
    expect(readBoard(cb.doc).topics.length).toBe(6); // B serves the board A created
    for (let i = 0; i < 10; i++)
      for (const [n, cl] of [
        ['a', ca],
        ['b', cb],
        ['c', cc]
      ] as const)
        post(cl, board.boardId, `converge ${n}${i}`);
    await waitFor(() => [ca, cb, cc].every((cl) => texts(cl.doc).size === 30), '30 cards on every client', 30_000);
    await converge([ca.doc, cb.doc, cc.doc], 'identical documents');
  });

  it('a late-joining instance serves the full state', async () => {
    const d = await instance(redis.url, prefix, 'd');
    const late = connect(d, board.boardId, board.panelist);
    await synced(late);
    await waitFor(() => texts(late.doc).size === 30, 'late instance has every card', 15_000);
  });

  it('socket.io votes cast on different instances are all counted, once each', async () => {
    const watcher = connect(a, board.boardId, board.panelist);
    await synced(watcher);
    const cardId = readBoard(watcher.doc).cards[0].id;
    const devices = [newDeviceId(), newDeviceId(), newDeviceId()];
    const sockets = await Promise.all([a, b, c].map((s, i) => connectAs(s.url, board.boardId, board.audience, devices[i])));
    const results = await Promise.all(sockets.map((s) => call(s, 'vote:toggle', { cardId })));
    expect(results.every((r) => r.ok)).toBe(true);
    await waitFor(() => voteCount(readBoard(watcher.doc), cardId) === 3, 'three votes', 15_000);
    // The same participant on another instance toggles the same vote: one vote per participant.
    const again = await connectAs(b.url, board.boardId, board.audience, devices[0]);
    const off = await call<{ voted: boolean }>(again, 'vote:toggle', { cardId });
    expect(off).toEqual({ ok: true, data: { voted: false } });
    await waitFor(() => voteCount(readBoard(watcher.doc), cardId) === 2, 'two votes', 15_000);
    for (const s of [...sockets, again]) s.close();
  });

  it('question upvotes: one per device whichever instance it reaches; a second device counts (Q2)', async () => {
    const watchers = [a, b, c].map((s) => connect(s, board.boardId, board.panelist));
    for (const w of watchers) await synced(w);
    const authorKey = participantKey(board.boardId, watchers[0].deviceId);
    const cardId = addCard(watchers[0].doc, { kind: 'question', text: 'Kdo zaplatí tlumočníky?', orgId: null, author: '', authorKey, topicId: null }, LOCAL);
    const counts = () => watchers.map((w) => upvoteCount(readBoard(w.doc), cardId));
    await waitFor(() => watchers.every((w) => readBoard(w.doc).cards.some((card) => card.id === cardId)), 'the question on every instance', 15_000);
    const device = newDeviceId();
    const same = await Promise.all([a, b, c].map((inst) => connectAs(inst.url, board.boardId, board.audience, device)));
    expect(await call(same[0], 'question:upvote', { cardId })).toEqual({ ok: true, data: { upvoted: true } });
    await waitFor(() => counts().every((n) => n === 1), 'one upvote seen everywhere', 15_000);
    expect(await call(same[1], 'question:upvote', { cardId })).toEqual({ ok: true, data: { upvoted: false } });
    await waitFor(() => counts().every((n) => n === 0), 'taken back everywhere', 15_000);
    // Through another instance it is taken back; then all three at once leave at most one.
    await Promise.all(same.map((sock) => call(sock, 'question:upvote', { cardId })));
    const [once] = await waitFor(() => (new Set(counts()).size === 1 ? counts() : null), 'the instances agree', 15_000);
    expect(once).toBeLessThanOrEqual(1);
    const other = await connectAs(c.url, board.boardId, board.audience, newDeviceId());
    expect(await call(other, 'question:upvote', { cardId })).toEqual({ ok: true, data: { upvoted: true } });
    await waitFor(() => counts().every((n) => n === once + 1), 'the second device counted everywhere', 15_000);
    for (const sock of [...same, other]) sock.close();
  });

  it('presence counts are the same on every instance', async () => {
    const sockets = await Promise.all([a, b, c, a].map((s) => connectAs(s.url, board.boardId, board.audience)));
    const seen = sockets.map(() => -1);
    sockets.forEach((s, i) => s.on('presence', (counts: { audience: number }) => (seen[i] = counts.audience)));
    await waitFor(() => seen.every((n) => n === 4), 'every instance reports 4 audience members', 15_000);
    sockets[3].close();
    await waitFor(() => seen.slice(0, 3).every((n) => n === 3), 'every instance reports 3 after one leaves', 15_000);
    for (const s of sockets) s.close();
  });

  it('killing an instance (SIGKILL) mid-stream loses nothing any client saw; its clients move to another', async () => {
    const writers = [a, b, c].map((s) => connect(s, board.boardId, board.panelist));
    await Promise.all(writers.map(synced));
    let n = 0;
    const timer = setInterval(() => writers.forEach((w, i) => post(w, board.boardId, `kill ${i}-${n++}`)), 20);
    await new Promise((r) => setTimeout(r, 600));
    await b.kill();
    writers[1].moveTo(c);
    await new Promise((r) => setTimeout(r, 600));
    clearInterval(timer);
    const seen = new Set([...writers.flatMap((w) => [...texts(w.doc)])]);
    await converge(
      writers.map((w) => w.doc),
      'writers converge after the kill'
    );
    const fresh = connect(await instance(redis.url, prefix, 'e'), board.boardId, board.panelist);
    await synced(fresh);
    await waitFor(() => [...seen].every((t) => texts(fresh.doc).has(t)), 'every seen card is stored', 20_000);
  });

  it('after CLIENT KILL of an instance’s Redis connections, instances resync and converge', async () => {
    const writers = [a, c].map((s) => connect(s, board.boardId, board.panelist));
    await Promise.all(writers.map(synced));
    const admin = await import('redis').then(({ createClient }) => createClient({ url: redis.url }));
    await admin.connect();
    const connectionsOfA = async (): Promise<string[]> => {
      const list = String(await admin.sendCommand(['CLIENT', 'LIST']));
      return list
        .split('\n')
        .filter((l) => l.includes(`name=${prefix}a:`))
        .map((l) => /id=(\d+)/.exec(l)?.[1])
        .filter((id): id is string => Boolean(id));
    };
    for (let round = 0; round < 5; round++) {
      // Wait until A is back on Redis (all three of its connections), then cut it off again.
      const ids = await waitFor(
        async () => {
          const found = await connectionsOfA();
          return found.length >= 3 ? found : null;
        },
        'instance A reconnected to Redis',
        15_000
      );
      for (const id of ids) await admin.sendCommand(['CLIENT', 'KILL', 'ID', id]);
      for (let i = 0; i < 5; i++) post(writers[1], board.boardId, `cut ${round}-${i}`);
      post(writers[0], board.boardId, `cut-a ${round}`);
    }
    await admin.close();
    await converge(
      writers.map((w) => w.doc),
      'A and C converge after the connection kills'
    );
    expect([...texts(writers[0].doc)].filter((t) => t.startsWith('cut ')).length).toBe(25);
  });
});

describe('Redis restarts and outages', () => {
  it('instances keep their clients while Redis is down (relaying only what Redis stored), then resync, converge and persist', async () => {
    const own = await startPrivateRedis();
    try {
      const prefix = runPrefix('restart');
      const [a, b] = await Promise.all([instance(own.url, prefix, 'ra'), instance(own.url, prefix, 'rb')]);
      const board = await createEvent(a);
      const [wa, wa2, wb] = [connect(a, board.boardId, board.panelist), connect(a, board.boardId, board.panelist), connect(b, board.boardId, board.panelist)];
      await Promise.all([wa, wa2, wb].map(synced));
      post(wa, board.boardId, 'before the outage');
      await waitFor(() => texts(wb.doc).has('before the outage'), 'pre-outage card on B');
      await own.restart!(); // stop, then start again on the same port with its append-only file
      post(wa, board.boardId, 'during or right after the outage (A)');
      post(wb, board.boardId, 'during or right after the outage (B)');
      await waitFor(() => texts(wa2.doc).has('during or right after the outage (A)'), 'A relays its card once Redis has stored it', 15_000);
      await converge([wa.doc, wa2.doc, wb.doc], 'instances converge after Redis is back');
      const late = connect(await instance(own.url, prefix, 'rc'), board.boardId, board.panelist);
      await synced(late);
      await waitFor(
        () => ['before the outage', 'during or right after the outage (A)', 'during or right after the outage (B)'].every((t) => texts(late.doc).has(t)),
        'the store has every card',
        20_000
      );
    } finally {
      await own.stop();
    }
  });

  it('Redis down at start-up: the instance reports degraded, keeps retrying and recovers', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const s = await instance(url, runPrefix('down'), 'down', { allowDegraded: true });
    const health = async () => (await fetch(`${s.url}/healthz`)).json() as Promise<{ status: string }>;
    expect((await health()).status).toBe('degraded');
    await new Promise((r) => setTimeout(r, 1500));
    expect(s.child.exitCode).toBeNull(); // no crash loop: still the same process
    expect(s.output()).toMatch(/redis connection error; retrying with backoff/);
    const late = await startPrivateRedis({ port });
    try {
      await waitFor(async () => (await health()).status === 'ok', 'health ok once Redis is up', 20_000);
      const board = await createEvent(s);
      expect(board.boardId).toBeTruthy();
    } finally {
      await s.kill();
      await late.stop();
    }
  });
});
