/**
 * WebSocket close codes used on /yjs/<boardId>. y-websocket's provider (3.x) treats 4400–4499 as
 * permanent (it stops reconnecting) and everything else, 4500–4599 included, as "try again":
 * so limits that pass with time (rate limits, a slow consumer) use 45xx, and a flooding client
 * reconnects and resyncs what it had not delivered. Our own client stops only on FATAL_CLOSE_CODES.
 */
export const CloseCode = {
  /** Server is shutting down or restarting; reconnect and resync. */
  GoingAway: 1001,
  /** Unexpected server fault while handling this connection; reconnect. */
  InternalError: 1011,
  /** A frame could not be decoded as a y-websocket message. */
  Malformed: 4400,
  /** Token missing or wrong. */
  Unauthorized: 4401,
  /** The role may not do what the connection keeps trying (e.g. a read-only role writing). */
  Forbidden: 4403,
  /** No such board. */
  NotFound: 4404,
  /** The token was revoked by the moderator while connected. */
  TokenRevoked: 4410,
  /**
   * The board's event was deleted while connected: its retention period ended, or the moderator
   * deleted it (docs/privacy.md §6). Like HTTP 410, but 4410 already means a revoked link.
   */
  EventDeleted: 4409,
  /** A frame or the resulting document exceeds a size limit. */
  TooLarge: 4413,
  /**
   * A Yjs update carries more structs and delete ranges than one frame may cost to check
   * (LIMIT_MAX_STRUCTS_PER_UPDATE); refused before it is decoded. No client of ours sends one.
   */
  TooComplex: 4422,
  /** Too many messages or connections: reconnect later (45xx, so standard clients do). */
  RateLimited: 4529,
  /** The client stopped reading and its send buffer overflowed; reconnect and resync. */
  SlowConsumer: 4508
} as const;
export type CloseCodeName = keyof typeof CloseCode;
export type CloseCodeValue = (typeof CloseCode)[CloseCodeName];

/** Codes after which retrying with the same link cannot help. */
export const FATAL_CLOSE_CODES: ReadonlySet<number> = new Set([CloseCode.Unauthorized, CloseCode.NotFound, CloseCode.TokenRevoked, CloseCode.EventDeleted]);
