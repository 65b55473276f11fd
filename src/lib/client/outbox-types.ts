/**
 * What the outbox holds and the ports it runs on: a submission's content, its author, the item
 * kept on the device through every phase, and the transport, storage and timers (outbox.ts has the rules).
 */
import type { CardKind, RejectReason } from '../board/types.js';
import type { ActionMap, SubmissionView } from '../protocol/events.js';
import type { OutboxPhase } from './outbox-read.js';

export type OutboxContent = { type: 'card'; kind: CardKind; text: string; topicId: string | null } | { type: 'comment'; cardId: string; text: string };

export interface OutboxFailure {
  reason: string;
  message: string;
  retryAfterMs?: number;
}

/** Who a submission is from, as its author chose: a nickname (may be empty), whether it may show publicly, an organization. */
export interface Author {
  author: string;
  nameConsent?: boolean;
  orgId: string | null;
}

export interface OutboxItem {
  /** The idempotency key, chosen on this device once. */
  key: string;
  content: OutboxContent;
  author: string;
  /** The author agreed to show `author` on the public outputs. */
  nameConsent: boolean;
  orgId: string | null;
  createdAt: number;
  phase: OutboxPhase;
  /** Sending attempts so far. */
  attempts: number;
  /** While saved: the last transient failure (retried); when refused: why. */
  failure: OutboxFailure | null;
  /** While saved after a failure: when the next attempt is due (epoch ms). */
  retryAt: number | null;
  /** The server's id for it, once acknowledged. */
  submissionId: string | null;
  reason: RejectReason | null;
  /** The card or comment it became, once approved; `hidden`: the moderator hid it since. */
  resultId: string | null;
  hidden?: boolean;
}

export type SubmitPayload = ActionMap['submission:create']['payload'];
type Failure = { ok: false; reason: string; message: string; retryAfterMs?: number };
export type TransportResult<T> = { ok: true; data: T } | Failure;

export interface OutboxTransport {
  /** Sending while disconnected only waits for a timeout; the outbox waits for `connected()` instead. */
  readonly connected: boolean;
  submit(payload: SubmitPayload): Promise<TransportResult<SubmissionView>>;
  mine(): Promise<TransportResult<SubmissionView[]>>;
  /** Removes one of this device's submissions from the server for good ('submission:withdraw'). */
  withdraw(submissionId: string): Promise<TransportResult<undefined>>;
}

export interface OutboxStorage {
  load(): unknown;
  save(items: readonly OutboxItem[]): void;
}

export interface OutboxOptions {
  transport: OutboxTransport;
  storage: OutboxStorage;
  onChange?: (items: readonly OutboxItem[]) => void;
  now?: () => number;
  /** In [0, 1): spreads the retries of a full hall that lost the Wi-Fi at once. */
  random?: () => number;
  /** Runs `fn` after `ms`; returns a cancel function. */
  schedule?: (fn: () => void, ms: number) => () => void;
}
