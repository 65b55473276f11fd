/**
 * Hostile input on /yjs (docs/limits.md, docs/protocol.md §1.5): every case opens its own raw
 * websocket, sends something bad, checks what the server does with it, and then the board must
 * still serve a well-behaved client with every existing card.
 */
import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { addCard, LOCAL, participantKey } from '../../src/lib/board/index.js';
import { CloseCode } from '../../src/lib/protocol/close-codes.js';
import { waitFor } from '../../support/wait.js';
import { openProvider, type ProviderClient } from '../../support/yjs-clients.js';
import { closeCode, expectBoardHealthy, rawWs, startBoard, yjsUrl, type Board, type RawWs } from './harness.js';

const bytes = (...parts: Array<(e: encoding.Encoder) => void>): Uint8Array => {
  const e = encoding.createEncoder();
  for (const p of parts) p(e);
  return encoding.toUint8Array(e);
};
const uint = (n: number) => (e: encoding.Encoder) => encoding.writeVarUint(e, n);
const raw = (b: Uint8Array | number[]) => (e: encoding.Encoder) => encoding.writeUint8Array(e, Uint8Array.from(b));
const arr = (b: Uint8Array) => (e: encoding.Encoder) => encoding.writeVarUint8Array(e, b);
const syncUpdate = (update: Uint8Array): Uint8Array => bytes(uint(0), uint(2), arr(update));
const awarenessMsg = (update: Uint8Array): Uint8Array => bytes(uint(1), arr(update));
const awarenessEntries = (entries: Array<[number, number, string]>): Uint8Array =>
  bytes(uint(entries.length), (e) => {
    for (const [id, clock, state] of entries) {
      encoding.writeVarUint(e, id);
      encoding.writeVarUint(e, clock);
      encoding.writeVarString(e, state);
    }
  });

/** An update whose first struct starts at clock 1 of a client the server never saw (a gap). */
function updateWithMissingDependency(): Uint8Array {
  const d = new Y.Doc();
  d.getMap('cards').set('a', 1);
  const sv = Y.encodeStateVector(d);
  d.getMap('cards').set('b', 2);
  return Y.encodeStateAsUpdate(d, sv);
}

/** ~10 bytes declaring 400 million structs. */
const structBomb = (): Uint8Array => bytes(uint(1), uint(400_000_000), uint(123_456), uint(0), uint(0));

function deeplyNestedTypes(depth: number): Uint8Array {
  const d = new Y.Doc();
  d.transact(() => {
    let current = new Y.Map<unknown>();
    d.getMap('cards').set('deep', current);
    for (let i = 0; i < depth; i++) {
      const next = new Y.Map<unknown>();
      current.set('x', next);
      current = next;
    }
  });
  return Y.encodeStateAsUpdate(d);
}

function deeplyNestedAny(depth: number): Uint8Array {
  const d = new Y.Doc();
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = [value];
  d.getMap('meta').set('locked', value);
  return Y.encodeStateAsUpdate(d);
}

describe('hostile frames on /yjs: each case is answered, and the board survives it', () => {
  let board: Board;
  const open: RawWs[] = [];
  const connect = async (role: 'moderator' | 'panelist' | 'audience' = 'moderator'): Promise<RawWs> => {
    const client = rawWs(yjsUrl(board, role));
    open.push(client);
    await client.opened;
    return client;
  };
  /** The connection still answers: a sync step 1 gets its step 2. */
  const answers = async (client: RawWs): Promise<void> => {
    const before = client.messages.length;
    client.ws.send(bytes(uint(0), uint(0), arr(Uint8Array.from([0]))));
    await waitFor(() => client.messages.slice(before).some((m) => typeof m !== 'string' && m[0] === 0 && m[1] === 1), 'a sync step 2 reply');
  };
  /** Awareness relayed before a marker's state reaches the observer has reached it too (one relay, in order). */
  const awarenessSettled = async (observer: ProviderClient): Promise<void> => {
    const marker = await openProvider(board.ts.wsUrl, board.ev.boardId, board.ev.tokens.moderator);
    marker.provider.awareness.setLocalStateField('user', { name: 'Marker' });
    await waitFor(() => observer.provider.awareness.getStates().has(marker.doc.clientID), 'the marker’s presence');
    marker.destroy();
  };
  const serverDoc = () =>
    board.ts.server.registry.withBoard(board.ev.boardId, (b) => ({
      pending: b.full.doc.store.pendingStructs,
      pendingDs: b.full.doc.store.pendingDs,
      roots: [...b.full.doc.share.keys()]
    }));

  beforeAll(async () => {
    board = await startBoard({ LIMIT_POLICY_STRIKES_PER_MINUTE: '5' });
  });
  afterEach(async () => {
    for (const c of open.splice(0)) c.ws.terminate();
    await expectBoardHealthy(board);
  });
  afterAll(async () => board.ts.dispose());

  const malformed: Array<[string, () => Uint8Array]> = [
    ['an empty frame', () => new Uint8Array()],
    ['a truncated varint (continuation bit, then nothing)', () => Uint8Array.from([0x80])],
    ['an overlong varint (11 continuation bytes)', () => Uint8Array.from([...Array(11).fill(0xff), 0x01])],
    ['a declared length far beyond the frame', () => bytes(uint(0), uint(2), uint(50_000_000), raw([1, 2, 3]))],
    ['a truncated sync message (subtype only)', () => bytes(uint(0), uint(2))],
    ['an unknown message type', () => bytes(uint(77))],
    ['the Auth message type, which this server does not speak', () => bytes(uint(2), uint(0))],
    ['an unknown sync subtype', () => bytes(uint(0), uint(9), arr(Uint8Array.from([0])))],
    ['awareness with a declared entry count far beyond the frame', () => awarenessMsg(bytes(uint(1_000_000), uint(1)))],
    ['awareness whose state is not JSON', () => awarenessMsg(awarenessEntries([[42, 1, '{not json']]))]
  ];
  for (const [name, frame] of malformed)
    it(`${name}: closed with ${CloseCode.Malformed} Malformed`, async () => {
      const client = await connect();
      client.ws.send(frame());
      expect(await closeCode(client, name)).toBe(CloseCode.Malformed);
    });

  it(`invalid Yjs update bytes: a writer is closed with ${CloseCode.Malformed}; a reader's update is refused unread, a strike`, async () => {
    const garbage = syncUpdate(Uint8Array.from([0xff, 0xfe, 0x01, 0x07, 0x99, 0x00, 0x13]));
    const writer = await connect('panelist');
    const reader = await connect('audience');
    writer.ws.send(garbage);
    reader.ws.send(garbage);
    expect(await closeCode(writer, 'the writer')).toBe(CloseCode.Malformed);
    await answers(reader);
    for (let i = 0; i < 10; i++) reader.ws.send(garbage);
    expect(await closeCode(reader, 'the reader')).toBe(CloseCode.Forbidden);
  });

  it('a struct-count bomb (~10 bytes declaring 400M structs) is refused without allocating: Malformed', async () => {
    const writer = await connect('moderator');
    const rss = process.memoryUsage().rss;
    writer.ws.send(syncUpdate(structBomb()));
    expect(await closeCode(writer, 'the bomber')).toBe(CloseCode.Malformed);
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);
  });

  it(`updates referencing missing items are refused whole (no pending structs kept); a feeder is dropped with ${CloseCode.Forbidden}`, async () => {
    const writer = await connect('moderator');
    writer.ws.send(syncUpdate(updateWithMissingDependency()));
    await answers(writer);
    expect(await serverDoc()).toMatchObject({ pending: null, pendingDs: null });
    for (let i = 0; i < 10; i++) writer.ws.send(syncUpdate(updateWithMissingDependency()));
    expect(await closeCode(writer, 'the feeder')).toBe(CloseCode.Forbidden);
    expect(await serverDoc()).toMatchObject({ pending: null, pendingDs: null });
  });

  it('deeply nested Y types (2,000 levels) are refused by the write policy, the connection stays usable', async () => {
    const writer = await connect('panelist');
    writer.ws.send(syncUpdate(deeplyNestedTypes(2000)));
    await answers(writer);
    const cards = await board.ts.server.registry.withBoard(board.ev.boardId, (b) => b.full.doc.getMap('cards').has('deep'));
    expect(cards).toBe(false);
  });

  it('a deeply nested value (3,000 nested arrays) under a moderation root is refused', async () => {
    const writer = await connect('moderator');
    writer.ws.send(syncUpdate(deeplyNestedAny(3000)));
    await answers(writer);
    const locked = await board.ts.server.registry.withBoard(board.ev.boardId, (b) => b.full.doc.getMap('meta').get('locked'));
    expect(locked).toBe(false);
  });

  it('a text frame where binary is expected: Malformed', async () => {
    const client = await connect();
    client.ws.send('hello, is this binary?');
    expect(await closeCode(client, 'the text sender')).toBe(CloseCode.Malformed);
  });

  it('a text frame with invalid UTF-8: closed by the websocket layer with 1007', async () => {
    const client = await connect();
    client.ws.send(Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xf0, 0x28, 0x8c, 0x28]), { binary: false });
    expect(await closeCode(client, 'the invalid UTF-8 sender')).toBe(1007);
  });

  it('a single 10 MB frame: closed with 1009 (LIMIT_MAX_FRAME_BYTES), never buffered whole', async () => {
    const client = await connect();
    client.ws.send(new Uint8Array(10 * 1024 * 1024).fill(7));
    expect(await closeCode(client, 'the 10 MB sender')).toBe(1009);
  });

  it(`a burst of 100,000 tiny frames: closed with ${CloseCode.RateLimited} RateLimited`, async () => {
    const client = await connect();
    const tiny = bytes(uint(3));
    for (let i = 0; i < 100_000; i++) client.ws.send(tiny);
    expect(await closeCode(client, 'the burst sender')).toBe(CloseCode.RateLimited);
  });

  it(`a standard y-websocket provider that posts faster than the limit is closed with ${CloseCode.RateLimited}, reconnects by itself, and loses no card`, async () => {
    const writer = await openProvider(board.ts.wsUrl, board.ev.boardId, board.ev.tokens.panelist);
    try {
      const key = participantKey(board.ev.boardId, writer.deviceId);
      // 400 cards in one go: 400 update frames within a second, over LIMIT_YJS_MESSAGES_PER_SECOND (300).
      const ids = Array.from({ length: 400 }, (_, i) =>
        addCard(writer.doc, { kind: 'weakness', text: `Burst card ${i}`, orgId: null, author: '', authorKey: key, topicId: null }, LOCAL)
      );
      await waitFor(() => writer.closeCodes.includes(CloseCode.RateLimited), 'the rate-limit close');
      // y-websocket's provider gives up on 44xx codes, but retries 45xx: it comes back and resyncs.
      await waitFor(
        () => board.ts.server.registry.withBoard(board.ev.boardId, (b) => ids.every((id) => b.full.doc.getMap('cards').has(id))),
        'every burst card on the server',
        20_000
      );
    } finally {
      writer.destroy();
    }
  });

  it(`a giant awareness state (> LIMIT_MAX_AWARENESS_BYTES): closed with ${CloseCode.TooLarge}`, async () => {
    const client = await connect();
    client.ws.send(awarenessMsg(awarenessEntries([[4242, 1, JSON.stringify({ user: { name: 'x'.repeat(40_000) } })]])));
    expect(await closeCode(client, 'the giant awareness sender')).toBe(CloseCode.TooLarge);
  });

  it('a deeply nested awareness state within the size limit is relayed as data, nothing breaks', async () => {
    const client = await connect();
    const nested = '['.repeat(4000) + ']'.repeat(4000);
    client.ws.send(awarenessMsg(awarenessEntries([[777_001, 1, nested]])));
    await answers(client);
  });

  it('an awareness flood with thousands of client ids: only LIMIT_MAX_AWARENESS_CLIENTS are kept, the rest dropped', async () => {
    const observer = await openProvider(board.ts.wsUrl, board.ev.boardId, board.ev.tokens.moderator);
    const client = await connect();
    for (let batch = 0; batch < 6; batch++) {
      const entries = Array.from({ length: 1000 }, (_, i): [number, number, string] => [1_000_000 + batch * 1000 + i, 1, '{}']);
      client.ws.send(awarenessMsg(awarenessEntries(entries)));
    }
    await answers(client);
    await awarenessSettled(observer);
    const bots = [...observer.provider.awareness.getStates().keys()].filter((id) => id >= 1_000_000 && id < 1_006_000);
    expect(bots.length).toBeGreaterThan(0);
    expect(bots.length).toBeLessThanOrEqual(8);
    observer.destroy();
  });

  it('presence spoofing: a connection cannot overwrite or remove another connection’s awareness client id', async () => {
    const victim = await openProvider(board.ts.wsUrl, board.ev.boardId, board.ev.tokens.panelist);
    const observer = await openProvider(board.ts.wsUrl, board.ev.boardId, board.ev.tokens.moderator);
    victim.provider.awareness.setLocalStateField('user', { name: 'Victim' });
    const victimId = victim.doc.clientID;
    await waitFor(() => (observer.provider.awareness.getStates().get(victimId) as { user?: { name: string } } | undefined)?.user?.name === 'Victim', 'the victim’s presence');
    const attacker = await connect('moderator');
    attacker.ws.send(awarenessMsg(awarenessEntries([[victimId, 999, '{"user":{"name":"Spoofed"}}']])));
    attacker.ws.send(awarenessMsg(awarenessEntries([[victimId, 1000, 'null']])));
    await answers(attacker);
    await awarenessSettled(observer);
    expect((observer.provider.awareness.getStates().get(victimId) as { user?: { name: string } } | undefined)?.user?.name).toBe('Victim');
    victim.destroy();
    observer.destroy();
  });

  it('awareness removal of unknown client ids (a flood of nulls) is dropped', async () => {
    const client = await connect();
    const removal = awarenessProtocol.encodeAwarenessUpdate(new awarenessProtocol.Awareness(new Y.Doc()), []);
    client.ws.send(awarenessMsg(removal));
    client.ws.send(awarenessMsg(awarenessEntries(Array.from({ length: 500 }, (_, i): [number, number, string] => [5_000_000 + i, 9, 'null']))));
    await answers(client);
  });

  it('a read-only role sending valid card updates is dropped after its strikes (4403), the cards never appear', async () => {
    const reader = await connect('audience');
    for (let i = 0; i < 15; i++) {
      const d = new Y.Doc();
      d.getMap('cards').set(`spam${i}`, 'x');
      reader.ws.send(syncUpdate(Y.encodeStateAsUpdate(d)));
    }
    expect(await closeCode(reader, 'the reader')).toBe(CloseCode.Forbidden);
  });
});
