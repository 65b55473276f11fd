/**
 * What the outbox's unit tests share: a fake transport whose answers the test gives one by one,
 * storage in memory, a clock the test moves, and an outbox wired to them (`setup`).
 */
import type { SubmissionView } from '$lib/protocol/events.js';
import { OutboxCore, type OutboxItem, type OutboxStorage, type OutboxTransport, type SubmitPayload, type TransportResult } from '$lib/client/outbox.js';

export type Reply = TransportResult<SubmissionView>;

/** A transport whose answers the test gives one by one. */
export class FakeTransport implements OutboxTransport {
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

export class MemoryStorage implements OutboxStorage {
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

export class FakeClock {
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

export const flush = () => new Promise<void>((r) => setTimeout(r, 0));

export function setup(stored?: unknown) {
  const storage = new MemoryStorage();
  if (stored !== undefined) storage.value = stored;
  const transport = new FakeTransport(storage);
  const clock = new FakeClock();
  const changes: (readonly OutboxItem[])[] = [];
  const make = () => new OutboxCore({ transport, storage, now: () => clock.now, random: () => 0.5, schedule: clock.schedule, onChange: (items) => changes.push(items) });
  return { storage, transport, clock, changes, outbox: make(), make };
}

export const view = (payload: SubmitPayload, patch: Partial<SubmissionView> = {}): SubmissionView => ({
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

export const QUESTION = { type: 'card', kind: 'question', text: '  Jak zapojit zaměstnavatele do výuky češtiny?  ', topicId: 't1' } as const;
export const WHO = { author: 'Eva', orgId: 'o1' };
