/** Domain errors thrown by board commands; the transport maps `reason` to an ack or close code. */
export type BoardErrorReason =
  | 'not-found'
  | 'invalid'
  | 'too-long'
  | 'locked'
  | 'forbidden'
  | 'budget-exhausted'
  /** The moderator switched this off (e.g. audience comments). */
  | 'disabled';

export class BoardError extends Error {
  constructor(
    readonly reason: BoardErrorReason,
    message: string
  ) {
    super(message);
    this.name = 'BoardError';
  }
}
