/**
 * The material records port: uploaded materials' metadata (the bytes live in a BlobStore,
 * ./blob-store.ts) and the reservations of each event's material quota. Memory, SQLite and Redis
 * twins sit in server/infra.
 */
import type { MaterialInfo } from '../../../src/lib/protocol/outputs.js';

/** What the moderator and the public see of a material (its HTTP shape), and where its bytes are. */
export interface MaterialRecord extends MaterialInfo {
  /** Where the bytes are (BlobStore id). Records from before the blob store lack it: see `blobOf`. */
  blob?: string;
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

export interface MaterialStore {
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
  /** Deletes every material record and quota reservation of the event (its purge). */
  deleteEventMaterials(eventId: string): Promise<void>;
}

export const sortMaterials = (list: MaterialRecord[]): MaterialRecord[] => list.sort((a, b) => a.order - b.order || a.uploadedAt - b.uploadedAt || (a.id < b.id ? -1 : 1));

/** Where a record's bytes are: its blob, or the content-addressed file of the layout before the blob store. */
export const blobOf = (m: MaterialRecord): string => m.blob ?? `${m.eventId.replace(/[^A-Za-z0-9_-]/g, '_')}/${m.sha256}`;
