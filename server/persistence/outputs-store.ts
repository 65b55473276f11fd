/**
 * The part of the event store that holds an event's outputs: uploaded materials (metadata
 * only; the bytes live on disk by content hash, see server/materials), whether the outputs
 * are published, and each board's history checkpoints for session replay.
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
  /** Hex sha256 of the content: the file name under DATA_DIR/materials. */
  sha256: string;
  /** Sort key within the event, smaller first. */
  order: number;
  uploadedAt: number;
}

export type MaterialPatch = Partial<Pick<MaterialRecord, 'name' | 'description' | 'order'>>;

export interface OutputsStore {
  addMaterial(material: MaterialRecord): Promise<void>;
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
}

export const sortMaterials = (list: MaterialRecord[]): MaterialRecord[] =>
  list.sort((a, b) => a.order - b.order || a.uploadedAt - b.uploadedAt || (a.id < b.id ? -1 : 1));
