/**
 * The document storage port: an append log of Yjs updates per document plus one snapshot that
 * compaction folds the log into. Every method is async so a Redis/Postgres/S3 twin fits.
 */
export interface StoredDoc {
  /** The snapshot (if any) followed by the log entries after it, oldest first. */
  updates: Uint8Array[];
  /** Sequence number of the last stored entry (0 when the document is new). */
  seq: number;
  /** Log entries after the snapshot. */
  logLength: number;
}

export interface DocStore {
  load(docName: string): Promise<StoredDoc>;
  /** Appends one update and returns its sequence number (increasing per store). */
  append(docName: string, update: Uint8Array): Promise<number>;
  /**
   * The sequence number of each document's last appended entry (0 for none), in one round trip.
   * Only a store that several instances share and that numbers each document's entries 1, 2,
   * 3… implements it (Redis): the anti-entropy check compares it with what a room holds.
   */
  heads?(docNames: readonly string[]): Promise<number[]>;
  /**
   * Replaces every entry up to and including `upToSeq` by `snapshot`, which the caller folded
   * from everything `load` returned up to there (sync/compaction.ts). A store that another
   * compaction already brought past `upToSeq` keeps what it has.
   */
  compact(docName: string, snapshot: Uint8Array, upToSeq: number): Promise<void>;
  /**
   * Makes what compaction and deletion removed unrecoverable from the storage medium where the
   * store can (SQLite: deleted pages zeroed, WAL truncated; Redis: AOF rewritten). Used after a
   * redaction (docs/redaction.md); never needed for correctness.
   */
  scrub(): Promise<void>;
  delete(docName: string): Promise<void>;
  close(): Promise<void>;
}
