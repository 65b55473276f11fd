/** The fan-out port between server instances. Channel names are built here and nowhere else. */
export type BusHandler = (message: Uint8Array) => void;

/**
 * Why rooms should catch up: `reconnect` after an outage (messages were lost, and the store
 * itself may have lost data), `periodic` anti-entropy (a message may have been dropped anyway;
 * rooms first compare the store's head with what they hold and load only on a difference).
 */
export type ResyncReason = 'reconnect' | 'periodic';

export interface Bus {
  publish(channel: string, message: Uint8Array): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(channel: string, handler: BusHandler): () => void;
  /**
   * Called when the bus comes back after an outage in which messages may have been lost
   * (Redis pub/sub does not replay); rooms then catch up from the shared store.
   */
  onResync(listener: (reason: ResyncReason) => void): () => void;
  close(): Promise<void>;
}

export type ChannelRef = { kind: 'doc'; docName: string } | { kind: 'board'; boardId: string } | { kind: 'revocations' };

export function channelName(ref: ChannelRef): string {
  switch (ref.kind) {
    case 'doc':
      return `panel-board:doc:${ref.docName}`;
    case 'board':
      return `panel-board:board:${ref.boardId}`;
    case 'revocations':
      return 'panel-board:revocations';
    default: {
      const never: never = ref;
      throw new Error(`Unknown channel ${String(never)}`);
    }
  }
}
