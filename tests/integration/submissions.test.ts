/**
 * Audience submissions over socket.io (docs/protocol.md §3.3): validation, idempotency,
 * quotas, and the rule that pending and rejected items reach nobody but the moderator's queue
 * and the submitter's own sockets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readBoard } from '../../src/lib/board/index.js';
import { readSubmissions } from '../../src/lib/board/queue.js';
import type { SubmissionView } from '../../src/lib/protocol/events.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { createTestEvent, startTestServer, type TestEvent, type TestServer } from '../helpers/test-server.js';
import { once, waitFor } from '../../support/wait.js';
import { mintDevice } from '../../support/device.js';
import { containsText, openRaw, type RawClient } from '../../support/yjs-clients.js';

let keySeq = 0;
const newKey = (): string => `idem-${Date.now().toString(36)}-${(keySeq += 1)}`;
const cardInput = (text: string, over: Record<string, unknown> = {}) => ({ type: 'card', key: newKey(), kind: 'question', text, topicId: null, author: '', orgId: null, ...over });

/** Every `submission` event a socket receives. */
function recordSubmissions(socket: TestSocket): SubmissionView[] {
  const seen: SubmissionView[] = [];
  socket.on('submission', (view: SubmissionView) => seen.push(view));
  return seen;
}

function expectNeverReceived(client: RawClient, text: string): void {
  for (const frame of client.frames) expect(containsText(frame, text)).toBe(false);
  expect(containsText(Y.encodeStateAsUpdate(client.doc), text)).toBe(false);
}

describe('submissions (docs/protocol.md §3.3)', () => {
  let ts: TestServer;
  let ev: TestEvent;
  let mod: TestSocket;
  const sockets: TestSocket[] = [];
  const raws: RawClient[] = [];
  const connect = async (role: keyof TestEvent['tokens'], deviceId?: string): Promise<TestSocket> => {
    const s = await connectAs(ts.url, ev.boardId, ev.tokens[role], deviceId);
    sockets.push(s);
    return s;
  };
  const raw = async (role: keyof TestEvent['tokens']): Promise<RawClient> => {
    const r = openRaw(ts.wsUrl, ev.boardId, ev.tokens[role]);
    raws.push(r);
    await waitFor(() => r.synced(), `${role} Yjs client to sync`);
    return r;
  };
  const queue = () => ts.server.registry.withBoard(ev.boardId, (b) => readSubmissions(b.queue.doc));
  const settings = async (patch: Record<string, unknown>): Promise<void> => {
    expect(await call(mod, 'board:settings', patch)).toEqual({ ok: true });
  };

  beforeAll(async () => {
    ts = await startTestServer();
    ev = await createTestEvent(ts.url);
    mod = await connect('moderator');
  });
  afterAll(async () => {
    for (const r of raws) r.close();
    for (const s of sockets) s.close();
    await ts.dispose();
  });

  it('a pending submission reaches no other connection, and arrives in both documents once approved', async () => {
    const secret = 'PENDING-question-about-housing-5c1e';
    const [panelist, audience, projector] = [await raw('panelist'), await raw('audience'), await raw('projector')];
    const submitter = await connect('audience');
    const otherAudience = await connect('audience');
    const otherSeen = recordSubmissions(otherAudience);
    const before = readBoard(audience.doc).meta.queueCounts.pending;

    const ack = await call<SubmissionView>(submitter, 'submission:create', cardInput(secret));
    expect(ack).toMatchObject({ ok: true, data: { status: 'pending', text: secret, type: 'card', kind: 'question', resultId: null } });
    const id = ack.ok ? ack.data.id : '';
    expect((await queue()).find((s) => s.id === id)?.content.text).toBe(secret);
    // Barrier: the public counter changed after the filing, so anything sent with it has arrived.
    await waitFor(() => [panelist, audience, projector].every((c) => readBoard(c.doc).meta.queueCounts.pending === before + 1), 'the pending counter to reach every reader');
    for (const client of [panelist, audience, projector]) expectNeverReceived(client, secret);
    expect(await call(otherAudience, 'submission:mine', {})).toEqual({ ok: true, data: [] });
    expect(otherSeen).toEqual([]);
    const server = await ts.server.registry.withBoard(ev.boardId, (b) => [b.full.doc, b.public.doc].map((d) => containsText(Y.encodeStateAsUpdate(d), secret)));
    expect(server).toEqual([false, false]);

    const approved = await call<{ resultId: string }>(mod, 'queue:approve', { submissionId: id });
    expect(approved.ok).toBe(true);
    const cardId = approved.ok ? approved.data.resultId : '';
    for (const client of [panelist, audience]) await waitFor(() => readBoard(client.doc).cards.find((c) => c.id === cardId)?.text === secret, 'the approved card to arrive');
    expect(readBoard(panelist.doc).cards.find((c) => c.id === cardId)).toMatchObject({ authorKey: '', kind: 'question', hidden: false });
    await waitFor(() => readBoard(audience.doc).meta.queueCounts.pending === before, 'the pending counter to drop');
    expect(otherSeen).toEqual([]);
  });

  it('a rejection reaches the submitter’s sockets as a `submission` event and via submission:mine, and nobody else’s', async () => {
    const device = await mintDevice(ts.url);
    const submitter = await connect('audience', device);
    const sameDevice = await connect('audience', device);
    const other = await connect('audience');
    const [mine, mineToo, others] = [submitter, sameDevice, other].map(recordSubmissions);
    const filed = await call<SubmissionView>(submitter, 'submission:create', cardInput('My phone number is 777 123 456'));
    if (!filed.ok) throw new Error(filed.message);
    const rejected = once<SubmissionView>((resolve) => submitter.on('submission', (v: SubmissionView) => v.status === 'rejected' && resolve(v)), 'the rejection event');
    expect(await call(mod, 'queue:reject', { submissionId: filed.data.id, reason: 'personal-data' })).toEqual({ ok: true });
    expect(await rejected).toMatchObject({ id: filed.data.id, key: filed.data.key, status: 'rejected', reason: 'personal-data', resultId: null });
    await waitFor(() => mineToo.some((v) => v.status === 'rejected'), 'the same device’s other socket to hear it');
    expect(await call(submitter, 'submission:mine', {})).toEqual({ ok: true, data: [expect.objectContaining({ id: filed.data.id, status: 'rejected', reason: 'personal-data' })] });
    // Barrier: the other participant's own notification comes after the rejection was sent.
    const own = await call<SubmissionView>(other, 'submission:create', cardInput('Other participant’s question'));
    await waitFor(() => own.ok && others.some((v) => v.id === own.data.id), 'the other participant’s own event');
    expect(others.every((v) => own.ok && v.id === own.data.id)).toBe(true);
    expect(await call(other, 'submission:mine', {})).toMatchObject({ ok: true, data: [{ text: 'Other participant’s question' }] });
    expect(mine.map((v) => v.status)).toEqual(['pending', 'rejected']);
  });

  it('the same idempotency key twice files one submission and creates one card', async () => {
    const audience = await connect('audience');
    const input = cardInput('Asked twice on a flaky network');
    const first = await call<SubmissionView>(audience, 'submission:create', input);
    const second = await call<SubmissionView>(audience, 'submission:create', input);
    expect(first.ok && second.ok).toBe(true);
    expect(second).toEqual(first);
    expect((await queue()).filter((s) => s.content.text === 'Asked twice on a flaky network')).toHaveLength(1);

    const panelist = await connect('panelist');
    const direct = cardInput('Panelist card sent twice');
    const a = await call<SubmissionView>(panelist, 'submission:create', direct);
    const b = await call<SubmissionView>(panelist, 'submission:create', direct);
    expect(a).toMatchObject({ ok: true, data: { status: 'approved' } });
    expect(b).toEqual(a);
    const cards = await ts.server.registry.withBoard(ev.boardId, (board) => readBoard(board.full.doc).cards.filter((c) => c.text === 'Panelist card sent twice'));
    expect(cards).toHaveLength(1);
  });

  it('oversized and wrongly typed payloads get invalid-payload, and the server keeps serving', async () => {
    const audience = await connect('audience');
    const bad: unknown[] = [
      cardInput('x'.repeat(501)),
      cardInput('y'.repeat(40_000)),
      cardInput('   '),
      cardInput('fine', { kind: 'rant' }),
      cardInput('fine', { key: 12345678 }),
      cardInput('fine', { key: 'short' }),
      cardInput('fine', { topicId: { $ne: null } }),
      cardInput('fine', { author: 'a'.repeat(31) }),
      cardInput('fine', { extra: Array.from({ length: 2000 }, (_, i) => i) }),
      { type: 'comment', key: newKey(), cardId: 'c1', text: 'z'.repeat(301), author: '', orgId: null },
      { type: 'poll', key: newKey() },
      'a string',
      [1, 2, 3],
      null
    ];
    for (const payload of bad) {
      const ack = await call(audience, 'submission:create', payload);
      expect(ack).toMatchObject({ ok: false, reason: 'invalid-payload' });
      if (!ack.ok) expect(ack.message.length).toBeGreaterThan(0);
    }
    // Past the frame limit the transport drops that socket; everyone else is still served.
    const flooder = await connect('audience');
    const dropped = once<string>((resolve) => flooder.on('disconnect', resolve), 'the oversized frame to drop the socket');
    flooder.emit('submission:create', cardInput('w'.repeat(100_000)));
    await dropped;
    expect(await call(audience, 'submission:create', cardInput('Still served after the flood'))).toMatchObject({ ok: true, data: { status: 'pending' } });
  });

  it('referenced topics, organizations and cards must exist; a locked board refuses the audience', async () => {
    const audience = await connect('audience');
    expect(await call(audience, 'submission:create', cardInput('t', { topicId: 'no-such-topic' }))).toMatchObject({ ok: false, reason: 'not-found' });
    expect(await call(audience, 'submission:create', cardInput('o', { orgId: 'no-such-org' }))).toMatchObject({ ok: false, reason: 'not-found' });
    expect(await call(mod, 'board:lock', { locked: true })).toEqual({ ok: true });
    expect(await call(audience, 'submission:create', cardInput('while locked'))).toMatchObject({ ok: false, reason: 'locked' });
    expect(await call(mod, 'board:lock', { locked: false })).toEqual({ ok: true });
  });

  it('audience comments need the moderator’s permission; with it they go through the queue', async () => {
    const panelist = await connect('panelist');
    const card = await call<SubmissionView>(panelist, 'submission:create', cardInput('A card to comment on'));
    if (!card.ok || !card.data.resultId) throw new Error('panelist card not published');
    const comment = (text: string) => ({ type: 'comment', key: newKey(), cardId: card.data.resultId, text, author: 'Eva', orgId: null });
    const audience = await connect('audience');
    expect(await call(audience, 'submission:create', comment('Comments are off'))).toMatchObject({ ok: false, reason: 'disabled' });
    await settings({ commentsAllowed: true });
    const filed = await call<SubmissionView>(audience, 'submission:create', comment('Same problem in Brno'));
    expect(filed).toMatchObject({ ok: true, data: { type: 'comment', kind: null, status: 'pending' } });
    expect(await call(audience, 'submission:create', { ...comment('x'), cardId: 'no-such-card' })).toMatchObject({ ok: false, reason: 'not-found' });
    await settings({ commentsAllowed: false });
  });

  it('an exhausted quota is rate-limited with retryAfterMs; a retry of an accepted key still answers', async () => {
    const audience = await connect('audience');
    const inputs = Array.from({ length: 5 }, (_, i) => cardInput(`Quota card ${i}`));
    for (const input of inputs) expect((await call(audience, 'submission:create', input)).ok).toBe(true);
    const over = await call(audience, 'submission:create', cardInput('One too many'));
    expect(over).toMatchObject({ ok: false, reason: 'rate-limited' });
    expect(!over.ok && over.retryAfterMs).toBeGreaterThan(0);
    expect(await call(audience, 'submission:create', inputs[0])).toMatchObject({ ok: true, data: { text: 'Quota card 0' } });
  });

  it('without pre-moderation an audience card is published at once, with no participant key', async () => {
    await settings({ preModeration: false });
    const audience = await connect('audience');
    const ack = await call<SubmissionView>(audience, 'submission:create', cardInput('Published at once', { author: 'Eva' }));
    expect(ack).toMatchObject({ ok: true, data: { status: 'approved' } });
    const cardId = ack.ok ? ack.data.resultId : null;
    const reader = await raw('audience');
    await waitFor(() => readBoard(reader.doc).cards.some((c) => c.id === cardId), 'the card on the public document');
    expect(readBoard(reader.doc).cards.find((c) => c.id === cardId)).toMatchObject({ text: 'Published at once', author: 'Eva', authorKey: '' });
    await settings({ preModeration: true });
  });
});

describe('idempotency across a restart', () => {
  it('the same key after a server restart maps to the same, single submission', async () => {
    let ts = await startTestServer();
    try {
      const ev = await createTestEvent(ts.url);
      const device = await mintDevice(ts.url);
      const input = cardInput('Sent before and after a restart');
      const before = await connectAs(ts.url, ev.boardId, ev.tokens.audience, device);
      const first = await call<SubmissionView>(before, 'submission:create', input);
      before.close();
      await ts.stop();
      ts = await ts.restart();
      const after = await connectAs(ts.url, ev.boardId, ev.tokens.audience, device);
      const second = await call<SubmissionView>(after, 'submission:create', input);
      expect(first.ok).toBe(true);
      expect(second).toEqual(first);
      expect(await call(after, 'submission:mine', {})).toMatchObject({ ok: true, data: [{ text: 'Sent before and after a restart' }] });
      const all = await ts.server.registry.withBoard(ev.boardId, (b) => readSubmissions(b.queue.doc));
      expect(all).toHaveLength(1);
      after.close();
    } finally {
      await ts.dispose();
    }
  });
});
