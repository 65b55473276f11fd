/**
 * The part of the event store that holds an event's outputs: uploaded materials (metadata
 * only; the bytes live in a BlobStore, see server/outputs/materials) and the reservations of each
 * event's material quota, whether the outputs are published, and each board's history
 * checkpoints for session replay.
 * Every EventStore implementation (memory, SQLite, Redis) spreads its twin of this port in.
 */
export interface MaterialRecord {
  id: string;
  eventId: string;
  /** Sanitised display and download name, with its extension. */
  name: string;
  description: string;
  /** Detected from the content, never from the name. */
  mime: string;
  size: number;
  /** Hex sha256 of the content. */
  sha256: string;
  /** Where the bytes are (BlobStore id). Records from before the blob store lack it: see `blobOf`. */
  blob?: string;
  /** Sort key within the event, smaller first. */
  order: number;
  uploadedAt: number;
}

export type MaterialPatch = Partial<Pick<MaterialRecord, 'name' | 'description' | 'order'>>;

/** A reserved share of an event's material quota, held while an upload streams. */
export interface QuotaRequest {
  eventId: string;
  /** Unique per upload; `addMaterial` or `releaseMaterialBytes` ends it. */
  reservationId: string;
  bytes: number;
  /** The event's quota: stored materials plus live reservations may not pass it. */
  maxBytes: number;
  /** A reservation not ended by then (its instance died) no longer counts. */
  expiresAt: number;
  now: number;
}

export type QuotaVerdict = { ok: true } | { ok: false; room: number };

export interface OutputsStore {
  /**
   * Reserves `bytes` of the event's material quota, atomically across every instance: the
   * stored materials' sizes plus the live reservations plus `bytes` must fit `maxBytes`.
   * Otherwise nothing is reserved, and `room` says how many bytes would fit.
   */
  reserveMaterialBytes(request: QuotaRequest): Promise<QuotaVerdict>;
  releaseMaterialBytes(eventId: string, reservationId: string): Promise<void>;
  /** Stores the record and, in the same step, ends its upload's reservation (if any). */
  addMaterial(material: MaterialRecord, reservationId?: string): Promise<void>;
  getMaterial(id: string): Promise<MaterialRecord | null>;
  /** Materials of an event by `order`, then upload time. */
  listMaterials(eventId: string): Promise<MaterialRecord[]>;
  /** Returns the updated record, or null when there is no such material. */
  updateMaterial(id: string, patch: MaterialPatch): Promise<MaterialRecord | null>;
  deleteMaterial(id: string): Promise<boolean>;
  /** Epoch ms when the event's outputs were published, or null when they are not. */
  getOutputsPublished(eventId: string): Promise<number | null>;
  setOutputsPublished(eventId: string, publishedAt: number | null): Promise<void>;
  /** Stores a full-state checkpoint (a Yjs update) of a board; one per (board, at). */
  addCheckpoint(boardId: string, at: number, update: Uint8Array): Promise<void>;
  /** Checkpoint times of a board, oldest first. */
  listCheckpoints(boardId: string): Promise<number[]>;
  getCheckpoint(boardId: string, at: number): Promise<Uint8Array | null>;
  /** Deletes one checkpoint (thinning old history). */
  deleteCheckpoint(boardId: string, at: number): Promise<void>;
  /** Deletes every record of the event's outputs: materials' records, reservations, publication, and the checkpoints of `boardIds`. */
  deleteEventOutputs(eventId: string, boardIds: readonly string[]): Promise<void>;
}

export const sortMaterials = (list: MaterialRecord[]): MaterialRecord[] =>
  list.sort((a, b) => a.order - b.order || a.uploadedAt - b.uploadedAt || (a.id < b.id ? -1 : 1));

/** Where a record's bytes are: its blob, or the content-addressed file of the layout before the blob store. */
export const blobOf = (m: MaterialRecord): string => m.blob ?? `${m.eventId.replace(/[^A-Za-z0-9_-]/g, '_')}/${m.sha256}`;
