/**
 * The participation port: per board, counters that are not in the board's documents.
 *
 * Why a store and not the board's Y.Doc: reactions and poll ballots arrive by the hundred a
 * minute and carry no timestamp in the document (reactions are not stored at all). A counter in
 * the Y.Doc would turn every tap into a permanent CRDT update, kept in the document's log,
 * relayed to every moderator and panelist and replayed by history. Here a tap costs one integer
 * increment in a fixed-size row, read only by the moderator's figures.
 *
 * Guarantees (tests/integration/persistence/participation-store-contract.test.ts):
 * - PS1 `add` sums per bucket; a bucket older than the ring's slot holds is dropped, a newer one
 *   replaces it: at most MAX_BUCKETS buckets per board, whatever the clock does.
 * - PS2 the peak only rises (`max`), also under concurrent writers (several instances).
 * - PS3 devices are counted once each, and at most MAX_DEVICES per board (then the count stays).
 * - PS4 the public switch is per board; `deleteBoard` removes everything of the board.
 * - PS5 durable backends keep all of it across a reopen.
 */
import { MAX_BUCKETS } from '../../../src/lib/protocol/participation.js';

/** The counted kinds whose time the documents do not keep (votes carry their own `at`). */
export const COUNTED_KINDS = ['reactions', 'ballots'] as const;
export type CountedKind = (typeof COUNTED_KINDS)[number];

/** Distinct devices counted per board: past it, a hostile script minting identities grows nothing. */
export const MAX_DEVICES = 50_000;

export { MAX_BUCKETS };

export interface CounterBucket {
  /** Bucket index: floor(epoch ms / BUCKET_MS). */
  bucket: number;
  reactions: number;
  ballots: number;
}

export interface ParticipationDelta {
  buckets: CounterBucket[];
  /** The audience seen at once; the stored peak becomes the larger. 0: nothing to raise. */
  peak: number;
  /** Opaque per-board device hashes (never a device id). */
  devices: string[];
}

export interface ParticipationCounters {
  peak: number;
  devices: number;
  /** Oldest first. */
  buckets: CounterBucket[];
  public: boolean;
}

export interface ParticipationStore {
  add(boardId: string, delta: ParticipationDelta): Promise<void>;
  read(boardId: string): Promise<ParticipationCounters>;
  setPublic(boardId: string, on: boolean): Promise<void>;
  deleteBoard(boardId: string): Promise<void>;
}

export const slotOf = (bucket: number): number => ((bucket % MAX_BUCKETS) + MAX_BUCKETS) % MAX_BUCKETS;

export const emptyCounters = (): ParticipationCounters => ({ peak: 0, devices: 0, buckets: [], public: false });
