/**
 * The audience outbox (src/lib/client/outbox.ts) with a fake transport, storage and clock:
 *   O1 a submission is on the device before it is sent;
 *   O2 it is sent under one idempotency key, and every retry reuses that key;
 *   O3 timeouts back off (1 s, 2 s, 4 s … up to 30 s), rate limits wait as long as the server says;
 *   O4 nothing is sent while disconnected; a reconnect sends what waits and refreshes the states;
 *   O5 the states follow the server: pending → approved / rejected with a reason; a refusal is kept;
 *   O6 the outbox survives a reload, and damaged storage never breaks it.
 */
import { describe, expect, it } from 'vitest';
import type { SubmissionView } from '$lib/protocol/events.js';
import {
  MAX_DECIDED_KEPT,
  OutboxCore,
  RETRY_MAX_MS,
  retryDelay,
  type OutboxItem,
  type OutboxStorage,
  type OutboxTransport,
  type SubmitPayload,
  type TransportResult
} from '$lib/client/outbox.js';

type Reply = TransportResult<SubmissionView>;

/** A transport whose answers the test gives one by one. */
class FakeTransport implements OutboxTransport {
  connected = true;
  readonly sent: { payload: SubmitPayload; storedAtSend: unknown }[] = [];
  readonly mineCalls: number[] = [];
  mineReply: TransportResult<SubmissionView[]> = { ok: true, data: [] };
  #pending: ((r: Reply) => void)[] = [];

  constructor(private readonly storage: MemoryStorage) {}

  submit(payload: SubmitPayload): Promise<Reply> {
    this.sent.push({ payload, storedAtSend: structuredClone(this.storage.value) });
    return new Promise((resolve) => this.#pending.push(resolve));
  }

  mine(): Promise<TransportResult<SubmissionView[]>> {
    this.mineCalls.push(Date.now());
    return Promise.resolve(this.mineReply);
  }

  readonly withdrawn: string[] = [];
  withdrawReply: TransportResult<undefined> = { ok: true, data: undefined };
  withdraw(submissionId: string): Promise<TransportResult<undefined>> {
    this.withdrawn.push(submissionId);
    return Promise.resolve(this.withdrawReply);
  }

  /** Answers the oldest unanswered submit. */
  async answer(reply: Reply | ((p: SubmitPayload) => Reply)): Promise<void> {
    const resolve = this.#pending.shift();
    if (!resolve) throw new Error('nothing in flight');
    const payload = this.sent[this.sent.length - this.#pending.length - 1].payload;
    resolve(typeof reply === 'function' ? reply(payload) : reply);
    await flush();
  }

  get inFlight(): number {
    return this.#pending.length;
  }
}

class MemoryStorage implements OutboxStorage {
  value: unknown = null;
  saves = 0;
  load(): unknown {
    return structuredClone(this.value);
  }
  save(items: readonly OutboxItem[]): void {
    this.saves += 1;
    this.value = structuredClone(items);
  }
}

class FakeClock {
  now = 1_000_000;
  timers: { at: number; fn: () => void; cancelled: boolean }[] = [];
  schedule = (fn: () => void, ms: number): (() => void) => {
    const timer = { at: this.now + ms, fn, cancelled: false };
    this.timers.push(timer);
    return () => (timer.cancelled = true);
  };
  /** Moves time forward and runs what fell due. */
  async advance(ms: number): Promise<void> {
    this.now += ms;
    for (const t of this.timers.filter((t) => !t.cancelled && t.at <= this.now)) {
      t.cancelled = true;
      t.fn();
    }
    await flush();
  }
  get nextDelay(): number | null {
    const live = this.timers.filter((t) => !t.cancelled);
    return live.length ? Math.min(...live.map((t) => t.at)) - this.now : null;
  }
}

const flush = () => new Promise<void>((r) => setTimeout(r, 0));

function setup(stored?: unknown) {
  const storage = new MemoryStorage();
  if (stored !== undefined) storage.value = stored;
  const transport = new FakeTransport(storage);
  const clock = new FakeClock();
  const changes: (readonly OutboxItem[])[] = [];
  const make = () =>
    new OutboxCore({ transport, storage, now: () => clock.now, random: () => 0.5, schedule: clock.schedule, onChange: (items) => changes.push(items) });
  return { storage, transport, clock, changes, outbox: make(), make };
}

const view = (payload: SubmitPayload, patch: Partial<SubmissionView> = {}): SubmissionView => ({
  id: `s-${payload.key}`,
  key: payload.key,
  type: payload.type,
  kind: payload.type === 'card' ? payload.kind : null,
  text: payload.text,
  status: 'pending',
  reason: null,
  resultId: null,
  hidden: false,
  createdAt: 1,
  ...patch
});

const QUESTION = { type: 'card', kind: 'question', text: '  Jak zapojit zaměstnavatele do výuky češtiny?  ', topicId: 't1' } as const;
const WHO = { author: 'Eva', orgId: 'o1' };

describe('outbox', () => {
  it('O1 stores a submission on the device before sending it', async () => {
    const { outbox, transport } = setup();
    const item = outbox.add(QUESTION, WHO);
    expect(transport.sent).toHaveLength(1);
    const stored = transport.sent[0].storedAtSend as OutboxItem[];
    // Stored as being sent: a reload before the ack reads it back as saved and sends it again.
    expect(stored.map((i) => [i.key, i.phase, i.content.text])).toEqual([[item.key, 'sending', 'Jak zapojit zaměstnavatele do výuky češtiny?']]);
    expect(transport.sent[0].payload).toEqual({
      type: 'card',
      key: item.key,
      kind: 'question',
      text: 'Jak zapojit zaměstnavatele do výuky češtiny?',
      topicId: 't1',
      author: 'Eva',
      nameConsent: false,
      orgId: 'o1'
    });
    expect(item.key).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(outbox.items[0].phase).toBe('sending');
  });

  it('O2 gives every submission its own key and reuses it on each retry', async () => {
    const { outbox, transport, clock } = setup();
    const a = outbox.add(QUESTION, WHO);
    const b = outbox.add({ type: 'comment', cardId: 'c1', text: 'Souhlasím.' }, WHO);
    expect(a.key).not.toBe(b.key);
    await transport.answer({ ok: false, reason: 'timeout', message: 'no ack' });
    await transport.answer({ ok: false, reason: 'timeout', message: 'no ack' });
    await clock.advance(RETRY_MAX_MS);
    await transport.answer({ ok: false, reason: 'internal', message: 'boom' });
    await transport.answer((p) => ({ ok: true, data: view(p) }));
    await clock.advance(RETRY_MAX_MS);
    await transport.answer((p) => ({ ok: true, data: view(p) }));
    const keysSent = transport.sent.map((s) => s.payload.key);
    expect(keysSent).toEqual([a.key, b.key, a.key, b.key, a.key]);
    expect(outbox.items.map((i) => [i.key, i.phase])).toEqual([
      [b.key, 'pending'],
      [a.key, 'pending']
    ]);
    expect(outbox.items.find((i) => i.key === a.key)?.attempts).toBe(3);
  });

  it('O3 backs off after timeouts, doubling up to 30 s', async () => {
    const { outbox, transport, clock } = setup();
    outbox.add(QUESTION, WHO);
    const delays: (number | null)[] = [];
    for (let i = 0; i < 7; i++) {
      await transport.answer({ ok: false, reason: 'timeout', message: 'no ack' });
      expect(outbox.items[0].phase).toBe('saved');
      expect(outbox.items[0].failure?.reason).toBe('timeout');
      delays.push(clock.nextDelay);
      await clock.advance(clock.nextDelay ?? 0);
      expect(transport.inFlight).toBe(1);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect([retryDelay(1, 0), retryDelay(1, 0.999)]).toEqual([800, 1200]);
  });

  it('O3 waits as long as a rate limit says, then sends again', async () => {
    const { outbox, transport, clock } = setup();
    outbox.add(QUESTION, WHO);
    await transport.answer({ ok: false, reason: 'rate-limited', message: 'slow down', retryAfterMs: 7000 });
    expect(outbox.items[0]).toMatchObject({ phase: 'saved', failure: { reason: 'rate-limited', retryAfterMs: 7000 }, retryAt: clock.now + 7000 });
    outbox.connected(); // a reconnect does not jump the server's queue
    expect(transport.inFlight).toBe(0);
    await clock.advance(6999);
    expect(transport.inFlight).toBe(0);
    await clock.advance(1);
    expect(transport.inFlight).toBe(1);
  });

  it('O4 sends nothing while disconnected, and everything on reconnect', async () => {
    const { outbox, transport, clock } = setup();
    transport.connected = false;
    outbox.add(QUESTION, WHO);
    outbox.add({ type: 'comment', cardId: 'c1', text: 'A proč?' }, WHO);
    await clock.advance(60_000);
    expect(transport.sent).toHaveLength(0);
    expect(outbox.items.map((i) => i.phase)).toEqual(['saved', 'saved']);
    transport.connected = true;
    outbox.connected();
    expect(transport.sent.map((s) => s.payload.type).sort()).toEqual(['card', 'comment']);
    await flush();
    expect(transport.mineCalls).toHaveLength(1);
  });

  it('O4 a timeout while the connection drops is retried on reconnect, not later', async () => {
    const { outbox, transport, clock } = setup();
    const item = outbox.add(QUESTION, WHO);
    transport.connected = false;
    await transport.answer({ ok: false, reason: 'offline', message: 'disconnected' });
    await clock.advance(1000);
    expect(transport.sent).toHaveLength(1);
    transport.connected = true;
    outbox.connected();
    expect(transport.sent.map((s) => s.payload.key)).toEqual([item.key, item.key]);
    expect(clock.nextDelay).toBeNull();
  });

  it('O5 follows the server: pending, then approved with the card it became', async () => {
    const { outbox, transport } = setup();
    outbox.add(QUESTION, WHO);
    await transport.answer((p) => ({ ok: true, data: view(p) }));
    expect(outbox.items[0].phase).toBe('pending');
    const payload = transport.sent[0].payload;
    outbox.apply(view(payload, { status: 'approved', resultId: 'card-9' }));
    expect(outbox.items[0]).toMatchObject({ phase: 'approved', submissionId: `s-${payload.key}`, resultId: 'card-9', reason: null });
    // An older answer arriving late does not take the decision back.
    outbox.apply(view(payload, { status: 'pending' }));
    expect(outbox.items[0].phase).toBe('approved');
  });

  it('O5 an approved submission the moderator hid since is marked hidden, and unmarked when restored (issue 18)', async () => {
    const { outbox, transport } = setup();
    outbox.add(QUESTION, WHO);
    await transport.answer((p) => ({ ok: true, data: view(p, { status: 'approved', resultId: 'card-9' }) }));
    const payload = transport.sent[0].payload;
    expect(outbox.items[0].hidden).toBe(false);
    outbox.apply(view(payload, { status: 'approved', resultId: 'card-9', hidden: true }));
    expect(outbox.items[0]).toMatchObject({ phase: 'approved', hidden: true });
    outbox.apply(view(payload, { status: 'approved', resultId: 'card-9', hidden: false }));
    expect(outbox.items[0].hidden).toBe(false);
  });

  it('O5 a rejection carries its reason', async () => {
    const { outbox, transport } = setup();
    outbox.add(QUESTION, WHO);
    await transport.answer((p) => ({ ok: true, data: view(p, { status: 'rejected', reason: 'duplicate' }) }));
    expect(outbox.items[0]).toMatchObject({ phase: 'rejected', reason: 'duplicate' });
  });

  it('O5 a refusal is kept with its reason; trying again reuses the key; discarding removes it', async () => {
    const { outbox, transport, clock } = setup();
    const item = outbox.add(QUESTION, WHO);
    await transport.answer({ ok: false, reason: 'disabled', message: 'comments are off' });
    expect(outbox.items[0]).toMatchObject({ phase: 'refused', failure: { reason: 'disabled' } });
    await clock.advance(RETRY_MAX_MS * 10);
    expect(transport.sent).toHaveLength(1);
    outbox.retry(item.key);
    expect(transport.sent.map((s) => s.payload.key)).toEqual([item.key, item.key]);
    await transport.answer({ ok: false, reason: 'locked', message: 'locked' });
    outbox.remove(item.key);
    expect(outbox.items).toEqual([]);
  });

  it('O5 an accepted submission cannot be discarded from the device', async () => {
    const { outbox, transport } = setup();
    const item = outbox.add(QUESTION, WHO);
    await transport.answer((p) => ({ ok: true, data: view(p) }));
    outbox.remove(item.key);
    expect(outbox.items.map((i) => i.key)).toEqual([item.key]);
  });

  it('O5 a status event that overtakes the ack wins; the late ack changes nothing', async () => {
    const { outbox, transport } = setup();
    outbox.add(QUESTION, WHO);
    const payload = transport.sent[0].payload;
    outbox.apply(view(payload, { status: 'approved', resultId: 'card-1' }));
    await transport.answer({ ok: false, reason: 'timeout', message: 'late' });
    expect(outbox.items[0]).toMatchObject({ phase: 'approved', failure: null });
  });

  it('O5 a reconnect refreshes the states, and learns of submissions this device forgot', async () => {
    const { outbox, transport } = setup();
    outbox.add(QUESTION, WHO);
    await transport.answer((p) => ({ ok: true, data: view(p) }));
    const mine = view(transport.sent[0].payload, { status: 'rejected', reason: 'off-topic' });
    const forgotten: SubmissionView = { ...mine, id: 's-old', key: 'older-key-1', status: 'approved', reason: null, resultId: 'card-2', createdAt: 0 };
    transport.mineReply = { ok: true, data: [mine, forgotten] };
    outbox.connected();
    await flush();
    expect(outbox.items.map((i) => [i.key, i.phase, i.reason ?? i.resultId])).toEqual([
      [mine.key, 'rejected', 'off-topic'],
      ['older-key-1', 'approved', 'card-2']
    ]);
  });

  it('O6 survives a reload: what waited is sent again under the same key', async () => {
    const first = setup();
    first.transport.connected = false;
    const waiting = first.outbox.add(QUESTION, WHO);
    first.transport.connected = true;
    const inFlight = first.outbox.add({ type: 'comment', cardId: 'c7', text: 'Díky!' }, WHO);
    expect(first.outbox.items.find((i) => i.key === inFlight.key)?.phase).toBe('sending');
    first.outbox.destroy(); // the page closes before the ack

    const { storage, transport, outbox: reloaded } = setup(first.storage.value);
    expect(reloaded.items.map((i) => [i.key, i.phase])).toEqual([
      [inFlight.key, 'saved'],
      [waiting.key, 'saved']
    ]);
    reloaded.connected();
    expect(transport.sent.map((s) => s.payload.key).sort()).toEqual([waiting.key, inFlight.key].sort());
    await transport.answer((p) => ({ ok: true, data: view(p) }));
    await transport.answer((p) => ({ ok: true, data: view(p) }));
    expect((storage.value as OutboxItem[]).map((i) => i.phase)).toEqual(['pending', 'pending']);
  });

  it('O6 drops damaged entries and keeps the good ones', () => {
    const good = { key: 'good-key-123', content: { type: 'card', kind: 'proposal', text: 'Poradní výbor', topicId: null }, phase: 'pending', createdAt: 5 };
    const { outbox } = setup([
      null,
      'x',
      { key: 'no' },
      { ...good, key: 'bad key!' },
      { ...good, key: 'other-key-1', content: { type: 'card', kind: 'rant', text: 'x' } },
      { ...good, key: 'other-key-2', phase: 'lost' },
      good,
      { ...good, text: 'duplicate key' }
    ]);
    expect(outbox.items.map((i) => [i.key, i.phase, i.content.text])).toEqual([['good-key-123', 'pending', 'Poradní výbor']]);
    expect(setup('{not json').outbox.items).toEqual([]);
  });

  it('O6 keeps every undecided submission but only the latest decided ones', async () => {
    const { outbox, transport, storage } = setup();
    transport.connected = false;
    const waiting = outbox.add(QUESTION, WHO);
    for (let i = 0; i < MAX_DECIDED_KEPT + 5; i++)
      outbox.apply({ id: `s${i}`, key: `decided-${String(i).padStart(3, '0')}`, type: 'card', kind: 'question', text: `q${i}`, status: 'approved', reason: null, resultId: `c${i}`, hidden: false, createdAt: 2_000_000 + i });
    const kept = (storage.value as OutboxItem[]).map((i) => i.key);
    expect(kept).toContain(waiting.key);
    expect(kept.filter((k) => k.startsWith('decided-'))).toHaveLength(MAX_DECIDED_KEPT);
    expect(kept).not.toContain('decided-000');
  });

  it('O7 withdraws what the server holds (pending, shown or rejected): asks the server, then forgets it on this device; a failure keeps it', async () => {
    const { outbox, transport, storage } = setup();
    const item = outbox.add(QUESTION, WHO);
    expect(OutboxCore.withdrawable(outbox.items[0])).toBe(false); // not on the server yet: discard, not withdraw
    await transport.answer((p) => ({ ok: true, data: view(p, { status: 'approved', resultId: 'c1' }) }));
    expect(OutboxCore.withdrawable(outbox.items[0])).toBe(true);
    transport.withdrawReply = { ok: false, reason: 'rate-limited', message: 'Too many withdrawals', retryAfterMs: 6000 };
    expect(await outbox.withdraw(item.key)).toEqual({ reason: 'rate-limited', message: 'Too many withdrawals', retryAfterMs: 6000 });
    expect(outbox.items).toHaveLength(1);
    transport.withdrawReply = { ok: true, data: undefined };
    expect(await outbox.withdraw(item.key)).toBeNull();
    expect(transport.withdrawn).toEqual([`s-${item.key}`, `s-${item.key}`]);
    expect(outbox.items).toEqual([]);
    expect(JSON.stringify(storage.value)).not.toContain('zaměstnavatele');
  });

  it('O7 a submission already gone from the server (withdrawn in another tab) is forgotten too', async () => {
    const { outbox, transport } = setup();
    const item = outbox.add(QUESTION, WHO);
    await transport.answer((p) => ({ ok: true, data: view(p) }));
    transport.withdrawReply = { ok: false, reason: 'not-found', message: 'No submission' };
    expect(await outbox.withdraw(item.key)).toBeNull();
    expect(outbox.items).toEqual([]);
  });
});
