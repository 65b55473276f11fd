/**
 * Hostile input on socket.io (docs/protocol.md §3.1), as raw engine.io/socket.io frames over a
 * websocket (`/socket.io/?EIO=4&transport=websocket`): malformed packets close that transport;
 * well-formed events with wrong types, missing fields, huge strings or unknown names are acked
 * with a reason. After each case a well-behaved client still works and the cards are intact.
 */
import { mintDevice } from '../../support/device.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../support/wait.js';
import { closeCode, expectBoardHealthy, rawWs, startBoard, type Board, type RawWs } from './harness.js';

type Role = 'moderator' | 'panelist' | 'audience' | 'projector';

describe('hostile socket.io packets: each is answered, and the board survives it', () => {
  let board: Board;
  const open: RawWs[] = [];

  /** Opens the engine.io websocket; with a role, also connects the default namespace. */
  const engine = async (role?: Role): Promise<RawWs> => {
    const client = rawWs(`${board.ts.wsUrl}/socket.io/?EIO=4&transport=websocket`);
    open.push(client);
    await client.opened;
    await waitFor(() => client.messages.some((m) => typeof m === 'string' && m.startsWith('0{')), 'the engine.io open packet');
    if (role) {
      client.ws.send(`40${JSON.stringify({ token: board.ev.tokens[role], boardId: board.ev.boardId, deviceId: await mintDevice(board.ts.url) })}`);
      await waitFor(() => client.messages.some((m) => typeof m === 'string' && m.startsWith('40{')), 'the namespace connect');
    }
    return client;
  };
  let ackId = 100;
  /** Emits `payload` (a raw JSON array text) with an ack id and resolves with the ack's first argument. */
  const emitRaw = async (client: RawWs, argsJson: string): Promise<{ ok: boolean; reason?: string }> => {
    const id = ackId++;
    client.ws.send(`42${id}${argsJson}`);
    const reply = await waitFor(() => client.messages.find((m): m is string => typeof m === 'string' && m.startsWith(`43${id}[`)), `ack ${id}`);
    return (JSON.parse(reply.slice(`43${id}`.length)) as [{ ok: boolean; reason?: string }])[0];
  };

  beforeAll(async () => {
    board = await startBoard();
  });
  afterEach(async () => {
    for (const c of open.splice(0)) c.ws.terminate();
    await expectBoardHealthy(board);
  });
  afterAll(async () => board.ts.dispose());

  const malformed: Array<[string, string | Buffer]> = [
    ['a text frame that is no engine.io packet', 'hello there'],
    ['an unknown socket.io packet type', '49garbage'],
    ['an event with broken JSON', '42["vote:toggle",{'],
    ['an event with a reserved name', '42["disconnect",{}]'],
    ['an event that is not an array', '42"vote:toggle"'],
    ['an empty event array', '42[]'],
    ['a binary frame nobody announced', Buffer.from([0xde, 0xad, 0xbe, 0xef])]
  ];
  for (const [name, frame] of malformed)
    it(`${name}: the transport is closed`, async () => {
      const client = await engine('audience');
      client.ws.send(frame);
      await closeCode(client, name);
    });

  it('a binary event that announces an attachment and then sends text: the transport is closed', async () => {
    const client = await engine('audience');
    client.ws.send('451-["vote:toggle",{"_placeholder":true,"num":0}]');
    client.ws.send('42["vote:toggle",{}]');
    await closeCode(client, 'the attachment liar');
  });

  it('a frame larger than LIMIT_MAX_BODY_BYTES: the transport is closed (1009)', async () => {
    const client = await engine('moderator');
    client.ws.send(`42["topic:add",{"title":"${'x'.repeat(200 * 1024)}"}]`);
    expect(await closeCode(client, 'the huge frame')).toBe(1009);
  });

  it('wrong payload types are acked invalid-payload', async () => {
    const client = await engine('moderator');
    for (const args of [
      '["vote:toggle",123]',
      '["vote:toggle","card"]',
      '["card:hide",{"cardId":["a"],"hidden":"yes"}]',
      '["board:lock",{"locked":1}]',
      '["board:timer",{"op":"set","seconds":"soon"}]',
      '["card:cluster",{"cardIds":{"0":"a"},"title":7}]'
    ])
      expect(await emitRaw(client, args)).toMatchObject({ ok: false, reason: 'invalid-payload' });
  });

  it('missing fields and no payload at all are acked invalid-payload', async () => {
    const client = await engine('moderator');
    for (const args of ['["card:hide",{}]', '["vote:toggle",{}]', '["topic:rename",{"topicId":"x"}]', '["org:add",null]'])
      expect(await emitRaw(client, args)).toMatchObject({ ok: false, reason: 'invalid-payload' });
  });

  it('huge strings inside the frame limit are refused with a reason, not stored', async () => {
    const client = await engine('moderator');
    const result = await emitRaw(client, `["topic:add",{"title":"${'t'.repeat(50_000)}"}]`);
    expect(result.ok).toBe(false);
    expect(['invalid-payload', 'too-long']).toContain(result.reason);
    const id = await emitRaw(client, `["vote:toggle",{"cardId":"${'c'.repeat(50_000)}"}]`);
    expect(id).toMatchObject({ ok: false });
  });

  it('unknown, numeric and prototype-named events are acked unknown-event', async () => {
    const client = await engine('moderator');
    for (const name of ['no:such:action', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 123])
      expect(await emitRaw(client, `[${JSON.stringify(name)},{}]`)).toMatchObject({ ok: false, reason: 'unknown-event' });
  });

  it('a read-only role asking for moderator actions is acked forbidden', async () => {
    const client = await engine('audience');
    expect(await emitRaw(client, '["board:lock",{"locked":true}]')).toMatchObject({ ok: false, reason: 'forbidden' });
  });

  it('more than LIMIT_ACTIONS_PER_SECOND actions are acked rate-limited', async () => {
    const client = await engine('audience');
    const cardId = [...board.cards.keys()][1];
    const results = await Promise.all(Array.from({ length: 60 }, () => emitRaw(client, `["vote:toggle",{"cardId":"${cardId}"}]`)));
    expect(results.filter((r) => r.reason === 'rate-limited').length).toBeGreaterThan(0);
    // An even number of accepted toggles leaves no vote behind; fix the parity if needed.
    if (results.filter((r) => r.ok).length % 2 === 1) {
      await new Promise((r) => setTimeout(r, 1100));
      expect((await emitRaw(client, `["vote:toggle",{"cardId":"${cardId}"}]`)).ok).toBe(true);
    }
  });

  const badHandshakes: Array<[string, string]> = [
    ['wrong types', '{"token":1,"boardId":[],"deviceId":{}}'],
    ['missing fields', '{}'],
    ['a prototype-polluting handshake', '{"__proto__":{"role":"moderator"},"boardId":"x","token":"y","deviceId":"zzzzzzzzzzzzzzzz"}'],
    ['a huge token', `{"token":"${'k'.repeat(30_000)}","boardId":"abc","deviceId":"zzzzzzzzzzzzzzzz"}`],
    ['broken JSON', '{"token":']
  ];
  for (const [name, auth] of badHandshakes)
    it(`a handshake with ${name} is refused (connect_error or closed), nothing is acquired`, async () => {
      const client = await engine();
      client.ws.send(`40${auth}`);
      await waitFor(() => client.messages.some((m) => typeof m === 'string' && m.startsWith('44')) || client.ws.readyState === client.ws.CLOSED, 'a refusal');
      expect(client.messages.some((m) => typeof m === 'string' && m.startsWith('40{'))).toBe(false);
    });

  it('an unknown namespace is refused', async () => {
    const client = await engine();
    client.ws.send('40/admin,{}');
    await waitFor(() => client.messages.some((m) => typeof m === 'string' && m.startsWith('44/admin,')), 'the namespace refusal');
  });

  it('events sent before connecting a namespace do nothing', async () => {
    const client = await engine();
    client.ws.send('42["board:lock",{"locked":true}]');
    client.ws.send('421["board:lock",{"locked":true}]');
    const locked = await board.ts.server.registry.withBoard(board.ev.boardId, (b) => b.full.doc.getMap('meta').get('locked'));
    expect(locked).toBe(false);
  });
});
