/**
 * The event's materials: upload (limits, type by content, safe name), rename, describe,
 * reorder, delete, and the bytes for download. Metadata lives in the event store.
 */
import type { IncomingMessage } from 'node:http';
import type { ReadStream } from 'node:fs';
import { newId } from '../../src/lib/board/ids.js';
import type { EventStore } from '../persistence/event-store.js';
import type { MaterialPatch, MaterialRecord } from '../persistence/outputs-store.js';
import type { MaterialStorage } from './storage.js';
import { detectMaterialType, MATERIAL_TYPES, sanitizeName, type MaterialExt } from './types.js';

export interface MaterialLimits {
  maxMaterialBytes: number;
  maxEventMaterialBytes: number;
}

export type MaterialFailure = 'too-large' | 'event-full' | 'unsupported-type';

export class MaterialError extends Error {
  constructor(readonly failure: MaterialFailure, message: string) {
    super(message);
  }
}

export interface MaterialService {
  upload(eventId: string, rawName: string, description: string, req: IncomingMessage, declaredBytes: number | null): Promise<MaterialRecord>;
  list(eventId: string): Promise<MaterialRecord[]>;
  update(eventId: string, id: string, patch: MaterialPatch): Promise<MaterialRecord | null>;
  remove(eventId: string, id: string): Promise<boolean>;
  /** The record and a stream of its bytes, or null when it is not a material of that event. */
  download(eventId: string, id: string): Promise<{ material: MaterialRecord; stream: ReadStream } | null>;
  open(material: MaterialRecord): ReadStream;
}

const EXT_OF = new Map<string, MaterialExt>(Object.entries(MATERIAL_TYPES).map(([ext, mime]) => [mime, ext as MaterialExt]));

export function createMaterialService(options: { events: EventStore; storage: MaterialStorage; limits: MaterialLimits; now?: () => number }): MaterialService {
  const { events, storage, limits } = options;
  const now = options.now ?? Date.now;
  const owned = async (eventId: string, id: string): Promise<MaterialRecord | null> => {
    const m = await events.getMaterial(id);
    return m && m.eventId === eventId ? m : null;
  };
  const used = async (eventId: string): Promise<{ bytes: number; maxOrder: number; list: MaterialRecord[] }> => {
    const list = await events.listMaterials(eventId);
    return { bytes: list.reduce((s, m) => s + m.size, 0), maxOrder: Math.max(0, ...list.map((m) => m.order)), list };
  };
  const room = (bytes: number): number => Math.max(0, limits.maxEventMaterialBytes - bytes);
  const tooLarge = (): MaterialError => new MaterialError('too-large', `A file may have at most ${limits.maxMaterialBytes} bytes`);
  const eventFull = (): MaterialError => new MaterialError('event-full', `The event's materials may have at most ${limits.maxEventMaterialBytes} bytes in all`);

  return {
    async upload(eventId, rawName, description, req, declaredBytes) {
      const before = await used(eventId);
      if (declaredBytes !== null && declaredBytes > limits.maxMaterialBytes) throw tooLarge();
      if (declaredBytes !== null && declaredBytes > room(before.bytes)) throw eventFull();
      const max = Math.min(limits.maxMaterialBytes, room(before.bytes));
      const file = await storage.receive(req, max).catch((err: unknown) => {
        if (err instanceof Error && err.name === 'UploadTooLargeError') throw max < limits.maxMaterialBytes ? eventFull() : tooLarge();
        throw err;
      });
      const ext = detectMaterialType(await storage.readForDetection(file.tmpPath, file.size));
      if (!ext) {
        await storage.discard(file);
        throw new MaterialError('unsupported-type', 'Allowed: PDF, PPTX, DOCX, XLSX, ODT, ODP, PNG, JPEG');
      }
      await storage.keep(eventId, file);
      const material: MaterialRecord = {
        id: newId(12),
        eventId,
        name: sanitizeName(rawName, ext),
        description: description.trim().slice(0, 500),
        mime: MATERIAL_TYPES[ext],
        size: file.size,
        sha256: file.sha256,
        order: before.maxOrder + 1,
        uploadedAt: now()
      };
      await events.addMaterial(material);
      return material;
    },
    list: (eventId) => events.listMaterials(eventId),
    async update(eventId, id, patch) {
      const m = await owned(eventId, id);
      if (!m) return null;
      const ext = EXT_OF.get(m.mime) ?? 'pdf';
      return events.updateMaterial(id, {
        name: patch.name === undefined ? undefined : sanitizeName(patch.name, ext),
        description: patch.description?.trim().slice(0, 500),
        order: patch.order
      });
    },
    async remove(eventId, id) {
      const m = await owned(eventId, id);
      if (!m || !(await events.deleteMaterial(id))) return false;
      const rest = await events.listMaterials(eventId);
      if (!rest.some((r) => r.sha256 === m.sha256)) await storage.remove(eventId, m.sha256);
      return true;
    },
    async download(eventId, id) {
      const m = await owned(eventId, id);
      return m ? { material: m, stream: storage.open(eventId, m.sha256) } : null;
    },
    open: (m) => storage.open(m.eventId, m.sha256)
  };
}
