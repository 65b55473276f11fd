/** Reasons carried by `{ ok: false, reason }` acks and HTTP error bodies. */
export const ERROR_REASONS = [
  'invalid-payload',
  'unknown-event',
  'unauthorized',
  'forbidden',
  'not-found',
  'locked',
  'too-long',
  'rate-limited',
  'too-large',
  'unsupported-type',
  'internal'
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];

export interface ErrorBody {
  ok: false;
  reason: ErrorReason;
  message: string;
}

export type AckResult<T = undefined> = { ok: true; data: T } | ErrorBody;
export type Ack<T = undefined> = (result: AckResult<T>) => void;
