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
  'budget-exhausted', // no dot votes left on this board
  'disabled', // the moderator switched this off (comments, a closed poll, a reaction not offered)
  'too-large',
  'unsupported-type',
  'device-invalid', // a handshake's device identity was not issued by this server: get one from POST /api/device
  'internal',
  'insufficient-storage', // HTTP 507: the server's storage budget or disk floor is reached
  'limit-reached' // a count limit (boards per event) is reached; deleting makes room
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];

export interface ErrorBody {
  ok: false;
  reason: ErrorReason;
  message: string;
  /** With 'rate-limited': when trying again makes sense. */
  retryAfterMs?: number;
}

export type AckResult<T = undefined> = { ok: true; data: T } | ErrorBody;
export type Ack<T = undefined> = (result: AckResult<T>) => void;
