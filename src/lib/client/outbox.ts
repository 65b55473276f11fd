/**
 * The audience's outbox. Every submission (a card, a question, a comment) is written to the
 * device before it is sent, sent with 'submission:create' under an idempotency key chosen once,
 * and retried with backoff (after a timeout, while offline, on every reconnect) until the server
 * acknowledges it. Retries reuse the key, so the server files it once however often it arrives.
 *
 * Pure: the transport, the storage and the timers are ports, so the rules can be tested without
 * a browser (tests/unit/client/outbox.test.ts). outbox.svelte.ts wires it to a board page.
 */
import { newId } from '../board/ids.js';
import { SUBMISSION_STATUSES, type SubmissionStatus } from '../board/types.js';
import { readItems, type OutboxPhase } from './outbox-read.js';
import type { SubmissionView } from '../protocol/events.js';
import type { Author, OutboxContent, OutboxFailure, OutboxItem, OutboxOptions, OutboxStorage, OutboxTransport, SubmitPayload } from './outbox-types.js';

export type { Author, OutboxContent, OutboxFailure, OutboxItem, OutboxOptions, OutboxStorage, OutboxTransport, SubmitPayload, TransportResult } from './outbox-types.js';
export { OUTBOX_PHASES, readItems, type OutboxPhase } from './outbox-read.js';

/** Failures that say nothing about the submission itself: try again later. */
const TRANSIENT = new Set(['timeout', 'offline', 'rate-limited', 'internal']);
export const RETRY_BASE_MS = 1000;
export const RETRY_MAX_MS = 30_000;
/** Decided submissions kept for the status list; undecided ones are never dropped. */
export const MAX_DECIDED_KEPT = 50;

/** The delay before attempt `attempts + 1`: doubling from 1 s up to 30 s, ±20 % jitter. */
export function retryDelay(attempts: number, random: number): number {
  const base = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random));
}

const PHASE_OF: Record<SubmissionStatus, OutboxPhase> = { pending: 'pending', approved: 'approved', rejected: 'rejected' };

const defaultSchedule = (fn: () => void, ms: number): (() => void) => {
  const handle = setTimeout(fn, ms);
  return () => clearTimeout(handle);
};

export class OutboxCore {
  #items: readonly OutboxItem[];
  readonly #transport: OutboxTransport;
  readonly #storage: OutboxStorage;
  readonly #onChange: (items: readonly OutboxItem[]) => void;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #schedule: (fn: () => void, ms: number) => () => void;
  readonly #timers = new Map<string, () => void>();
  #destroyed = false;

  constructor(options: OutboxOptions) {
    this.#transport = options.transport;
    this.#storage = options.storage;
    this.#onChange = options.onChange ?? (() => {});
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#schedule = options.schedule ?? defaultSchedule;
    this.#items = readItems(safeLoad(this.#storage));
  }

  /** Newest first. */
  get items(): readonly OutboxItem[] {
    return this.#items;
  }

  /** Saves a new submission on the device, then sends it (now if connected, else on connect). */
  add(content: OutboxContent, who: Author): OutboxItem {
    const item: OutboxItem = {
      key: newId(16),
      content: { ...content, text: content.text.trim() },
      author: who.author.trim(),
      nameConsent: who.nameConsent === true,
      orgId: who.orgId,
      createdAt: this.#now(),
      phase: 'saved',
      attempts: 0,
      failure: null,
      retryAt: null,
      submissionId: null,
      reason: null,
      resultId: null
    };
    this.#commit([item, ...this.#items]);
    void this.#send(item.key);
    return item;
  }

  /** Call on every (re)connection: sends what waits, then asks the server where things stand. */
  connected(): void {
    for (const item of this.#items) if (item.phase === 'saved' && !this.#rateLimited(item)) void this.#send(item.key);
    void this.refresh();
  }

  /** Brings every submission's state up to date from the server ('submission:mine'). */
  async refresh(): Promise<void> {
    if (!this.#transport.connected) return;
    const res = await this.#transport.mine();
    if (res.ok) for (const view of res.data) this.apply(view);
  }

  /** A server's word on one submission (an ack, 'submission:mine' or the 'submission' event). */
  apply(view: SubmissionView): void {
    if (this.#destroyed || !isView(view)) return;
    const existing = this.#items.find((i) => i.key === view.key);
    // A late answer (an old 'submission:mine') must not take back a decision already shown.
    if (existing && isDecided(existing) && view.status === 'pending') return;
    this.#cancelTimer(view.key);
    const decided = {
      phase: PHASE_OF[view.status],
      failure: null,
      retryAt: null,
      submissionId: view.id,
      reason: view.reason,
      resultId: view.resultId,
      hidden: view.hidden === true
    };
    if (existing) return this.#update(view.key, decided);
    // Sent from this device before its storage was cleared, or from another tab.
    const content: OutboxContent =
      view.type === 'comment' ? { type: 'comment', cardId: '', text: view.text } : { type: 'card', kind: view.kind ?? 'question', text: view.text, topicId: null };
    const item: OutboxItem = { key: view.key, content, author: '', nameConsent: false, orgId: null, createdAt: view.createdAt, attempts: 1, ...decided };
    this.#commit([item, ...this.#items].sort((a, b) => b.createdAt - a.createdAt));
  }

  /** Sends a refused (or waiting) submission again, under the same key. */
  retry(key: string): void {
    const item = this.#items.find((i) => i.key === key);
    if (!item || (item.phase !== 'refused' && item.phase !== 'saved')) return;
    this.#cancelTimer(key);
    this.#update(key, { phase: 'saved', failure: null, retryAt: null });
    void this.#send(key);
  }

  /** Discards a submission the server has not taken (refused, or not sent yet). */
  remove(key: string): void {
    const item = this.#items.find((i) => i.key === key);
    if (!item || (item.phase !== 'refused' && item.phase !== 'saved')) return;
    this.#cancelTimer(key);
    this.#commit(this.#items.filter((i) => i.key !== key));
  }

  /** Whether a submission is on the server, so only withdrawing can take it back. */
  static withdrawable(item: OutboxItem): boolean {
    return item.submissionId !== null && (item.phase === 'pending' || item.phase === 'approved' || item.phase === 'rejected');
  }

  /**
   * Withdraws a submission the server holds (pending, shown or rejected): the server erases it
   * and what it became; then this device forgets it too. Resolves with the failure, if any.
   */
  async withdraw(key: string): Promise<OutboxFailure | null> {
    const item = this.#items.find((i) => i.key === key);
    if (!item || !OutboxCore.withdrawable(item) || item.submissionId === null) return null;
    const res = await this.#transport.withdraw(item.submissionId);
    // Already gone (withdrawn from another tab): forget it all the same.
    if (!res.ok && res.reason !== 'not-found') return { reason: res.reason, message: res.message, ...(res.retryAfterMs !== undefined && { retryAfterMs: res.retryAfterMs }) };
    this.#cancelTimer(key);
    this.#commit(this.#items.filter((i) => i.key !== key));
    return null;
  }

  destroy(): void {
    this.#destroyed = true;
    for (const cancel of this.#timers.values()) cancel();
    this.#timers.clear();
  }

  async #send(key: string): Promise<void> {
    const item = this.#items.find((i) => i.key === key);
    if (this.#destroyed || !item || item.phase !== 'saved' || !this.#transport.connected) return;
    this.#cancelTimer(key);
    this.#update(key, { phase: 'sending', attempts: item.attempts + 1 });
    const res = await this.#transport.submit(payloadOf(item));
    const now = this.#items.find((i) => i.key === key);
    // Already settled by a 'submission' event, or discarded meanwhile.
    if (this.#destroyed || !now || now.phase !== 'sending') return;
    if (res.ok) return this.apply(res.data);
    const failure: OutboxFailure = { reason: res.reason, message: res.message, ...(res.retryAfterMs !== undefined && { retryAfterMs: res.retryAfterMs }) };
    if (!TRANSIENT.has(res.reason)) return this.#update(key, { phase: 'refused', failure, retryAt: null });
    const delay = res.reason === 'rate-limited' ? Math.max(250, res.retryAfterMs ?? RETRY_BASE_MS) : retryDelay(now.attempts, this.#random());
    this.#update(key, { phase: 'saved', failure, retryAt: this.#now() + delay });
    this.#timers.set(
      key,
      this.#schedule(() => {
        this.#timers.delete(key);
        void this.#send(key);
      }, delay)
    );
  }

  #rateLimited(item: OutboxItem): boolean {
    return item.failure?.reason === 'rate-limited' && item.retryAt !== null && item.retryAt > this.#now() && this.#timers.has(item.key);
  }

  #cancelTimer(key: string): void {
    this.#timers.get(key)?.();
    this.#timers.delete(key);
  }

  #update(key: string, patch: Partial<OutboxItem>): void {
    this.#commit(this.#items.map((i) => (i.key === key ? { ...i, ...patch } : i)));
  }

  /** Persists first, then tells the view. */
  #commit(items: readonly OutboxItem[]): void {
    this.#items = prune(items);
    try {
      this.#storage.save(this.#items);
    } catch {
      // Storage full or blocked: the outbox still holds it for this tab.
    }
    this.#onChange(this.#items);
  }
}

const payloadOf = (item: OutboxItem): SubmitPayload =>
  item.content.type === 'card'
    ? {
        type: 'card',
        key: item.key,
        kind: item.content.kind,
        text: item.content.text,
        topicId: item.content.topicId,
        author: item.author,
        nameConsent: item.nameConsent,
        orgId: item.orgId
      }
    : { type: 'comment', key: item.key, cardId: item.content.cardId, text: item.content.text, author: item.author, nameConsent: item.nameConsent, orgId: item.orgId };

const isDecided = (i: OutboxItem): boolean => i.phase === 'approved' || i.phase === 'rejected';

function prune(items: readonly OutboxItem[]): readonly OutboxItem[] {
  let decided = 0;
  return items.filter((i) => !isDecided(i) || ++decided <= MAX_DECIDED_KEPT);
}

function safeLoad(storage: OutboxStorage): unknown {
  try {
    return storage.load();
  } catch {
    return null;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function isView(v: SubmissionView): boolean {
  return isRecord(v) && typeof v.key === 'string' && (SUBMISSION_STATUSES as readonly unknown[]).includes(v.status);
}
