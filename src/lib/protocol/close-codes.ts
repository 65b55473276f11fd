/**
 * WebSocket close codes used on /yjs/<boardId>. Standard y-websocket clients reconnect after any
 * close; our own client stops retrying on the 44xx "don't retry" codes.
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
  /** A frame or the resulting document exceeds a size limit. */
  TooLarge: 4413,
  /** Too many messages or connections. */
  RateLimited: 4429,
  /** The client stopped reading and its send buffer overflowed; reconnect and resync. */
  SlowConsumer: 4508
} as const;
export type CloseCodeName = keyof typeof CloseCode;
export type CloseCodeValue = (typeof CloseCode)[CloseCodeName];

/** Codes after which retrying with the same link cannot help. */
export const FATAL_CLOSE_CODES: ReadonlySet<number> = new Set([
  CloseCode.Unauthorized,
  CloseCode.NotFound,
  CloseCode.TokenRevoked
]);
