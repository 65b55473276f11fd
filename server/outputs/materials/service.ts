/**
 * The event's materials: upload (rate limits, quota reserved before a byte is stored, type by
 * content, safe name), rename, describe, reorder, delete, and the bytes for download. Metadata
 * lives in the event store, bytes in a BlobStore (a directory, or Redis in scale-out).
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { newId } from '../../../src/lib/board/ids.js';
import type { MaterialInfo } from '../../../src/lib/protocol/outputs.js';
import { addressKey } from '../../limits/address.js';
import { perMinute, type RateLimiters } from '../../limits/rate-limiter.js';
import type { StorageBudget, StorageHold } from '../../limits/storage-budget.js';
import { blobOf, type MaterialPatch, type MaterialRecord, type MaterialStore } from './material-store.js';
import type { BlobStore } from './blob-store.js';
import { detectMaterialType, MATERIAL_TYPES, sanitizeName, type MaterialExt } from './types.js';

export interface MaterialLimits {
  maxMaterialBytes: number;
  maxEventMaterialBytes: number;
  materialUploadsPerMinutePerAddress: number;
  materialBytesPerDayPerAddress: number;
  materialUploadsPerMinutePerEvent: number;
}

export type MaterialFailure = 'too-large' | 'event-full' | 'unsupported-type' | 'rate-limited';

export class MaterialError extends Error {
  constructor(
    readonly failure: MaterialFailure,
    message: string,
    readonly retryAfterMs = 0
  ) {
    super(message);
  }
}

export interface UploadRequest {
  eventId: string;
  name: string;
  description: string;
  body: Readable;
  /** Content-Length, when the client sent one. */
  declaredBytes: number | null;
  /** The client address (TRUST_PROXY applied). */
  address: string;
}

export interface MaterialService {
  upload(request: UploadRequest): Promise<MaterialRecord>;
  list(eventId: string): Promise<MaterialRecord[]>;
  update(eventId: string, id: string, patch: MaterialPatch): Promise<MaterialRecord | null>;
  /** Deletes the record and erases its bytes. */
  remove(eventId: string, id: string): Promise<boolean>;
  /** The record and a stream of its bytes, or null when it is not a material of that event (or its bytes are gone). */
  download(eventId: string, id: string): Promise<{ material: MaterialRecord; stream: Readable } | null>;
  open(material: MaterialRecord): Readable;
}

/** What clients see of a record: never where the bytes are (the blob id stays on the server). */
export function materialInfo(m: MaterialRecord): MaterialInfo {
  return { id: m.id, eventId: m.eventId, name: m.name, description: m.description, mime: m.mime, size: m.size, sha256: m.sha256, order: m.order, uploadedAt: m.uploadedAt };
}

/** An upload's reservation outlives the longest upload the HTTP server lets run (10 min). */
export const RESERVATION_TTL_MS = 15 * 60_000;

const EXT_OF = new Map<string, MaterialExt>(Object.entries(MATERIAL_TYPES).map(([ext, mime]) => [mime, ext as MaterialExt]));

/** The body, hashed and counted chunk by chunk; bytes past `max` are read and dropped (a readable 413 beats a reset). */
function metered(body: Readable, max: number) {
  const hash = createHash('sha256');
  const state = { size: 0, over: false, sha256: () => hash.digest('hex') };
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      state.size += chunk.byteLength;
      if (state.size > max) {
        state.over = true;
        continue;
      }
      hash.update(chunk);
      yield chunk;
    }
  }
  return { state, chunks: chunks() };
}

export interface MaterialServiceOptions {
  /** The materials' records; their bytes go to `blobs`. */
  records: MaterialStore;
  blobs: BlobStore;
  budget: StorageBudget;
  limiters: RateLimiters;
  limits: MaterialLimits;
  now?: () => number;
}

export function createMaterialService(options: MaterialServiceOptions): MaterialService {
  const { records, blobs, budget, limits } = options;
  const now = options.now ?? Date.now;
  const byAddress = options.limiters.limiter('material-uploads-address', perMinute(limits.materialUploadsPerMinutePerAddress));
  const byEvent = options.limiters.limiter('material-uploads-event', perMinute(limits.materialUploadsPerMinutePerEvent));
  // Bytes per address and day: the storage budget is shared, so no one address (with events of
  // its own) may fill it for every organiser.
  const bytesPerDay = limits.materialBytesPerDayPerAddress;
  const byteBudget = options.limiters.limiter('material-bytes-address', { capacity: bytesPerDay, perSecond: bytesPerDay / 86_400 });
  const owned = async (eventId: string, id: string): Promise<MaterialRecord | null> => {
    const m = await records.getMaterial(id);
    return m && m.eventId === eventId ? m : null;
  };
  const tooLarge = (): MaterialError => new MaterialError('too-large', `A file may have at most ${limits.maxMaterialBytes} bytes`);
  const eventFull = (): MaterialError => new MaterialError('event-full', `The event's materials may have at most ${limits.maxEventMaterialBytes} bytes in all`);

  async function admit(eventId: string, address: string): Promise<void> {
    const key = addressKey(address);
    const a = await byAddress.take(key);
    if (!a.ok) throw new MaterialError('rate-limited', `Too many uploads from this address; at most ${limits.materialUploadsPerMinutePerAddress} a minute`, a.retryAfterMs);
    const e = await byEvent.take(eventId);
    if (e.ok) return;
    await byAddress.refund(key);
    throw new MaterialError('rate-limited', `Too many uploads to this event; at most ${limits.materialUploadsPerMinutePerEvent} a minute`, e.retryAfterMs);
  }

  /** Reserves the declared size, or (undeclared) a whole file's worth or else what room is left. */
  async function reserve(eventId: string, reservationId: string, declared: number | null): Promise<number> {
    const ask = (bytes: number) => {
      const t = now();
      return records.reserveMaterialBytes({ eventId, reservationId, bytes, maxBytes: limits.maxEventMaterialBytes, expiresAt: t + RESERVATION_TTL_MS, now: t });
    };
    const want = declared ?? limits.maxMaterialBytes;
    const first = await ask(want);
    if (first.ok) return want;
    if (declared !== null || first.room === 0) throw eventFull();
    if ((await ask(first.room)).ok) return first.room;
    throw eventFull();
  }

  async function store(req: UploadRequest, reserved: number, reservationId: string, hold: StorageHold): Promise<MaterialRecord> {
    const body = metered(req.body, reserved);
    let blob: { id: string; size: number } | null = null;
    try {
      blob = await blobs.put(body.chunks);
      if (body.state.over) throw reserved < limits.maxMaterialBytes ? eventFull() : tooLarge();
      const found = blob;
      const ext = await detectMaterialType({ size: found.size, read: (start, end) => blobs.get(found.id, { start, end }) });
      if (!ext) throw new MaterialError('unsupported-type', 'Allowed: PDF, PPTX, DOCX, XLSX, ODT, ODP, PNG, JPEG');
      const list = await records.listMaterials(req.eventId);
      const material: MaterialRecord = {
        id: newId(12),
        eventId: req.eventId,
        name: sanitizeName(req.name, ext),
        description: req.description.trim().slice(0, 500),
        mime: MATERIAL_TYPES[ext],
        size: found.size,
        sha256: body.state.sha256(),
        blob: found.id,
        order: Math.max(0, ...list.map((m) => m.order)) + 1,
        uploadedAt: now()
      };
      await records.addMaterial(material, reservationId);
      hold.release(found.size);
      return material;
    } catch (err) {
      if (blob) await blobs.delete(blob.id).catch(() => undefined);
      hold.release(0);
      throw err;
    }
  }

  /** Takes the upload's bytes from its address's daily budget; what was not stored is given back afterwards. */
  async function chargeBytes(address: string, bytes: number): Promise<void> {
    const verdict = await byteBudget.take(addressKey(address), bytes);
    if (!verdict.ok) throw new MaterialError('rate-limited', `Too many bytes uploaded from this address today; at most ${bytesPerDay} a day`, verdict.retryAfterMs);
  }

  return {
    async upload(req) {
      await admit(req.eventId, req.address);
      if (req.declaredBytes !== null && req.declaredBytes > limits.maxMaterialBytes) throw tooLarge();
      const reservationId = newId(16);
      const reserved = await reserve(req.eventId, reservationId, req.declaredBytes);
      let charged = 0;
      try {
        await chargeBytes(req.address, reserved);
        charged = reserved;
        const hold = await budget.reserve(reserved);
        const material = await store(req, reserved, reservationId, hold);
        if (material.size < charged) await byteBudget.refund(addressKey(req.address), charged - material.size);
        return material;
      } catch (err) {
        if (charged > 0) await byteBudget.refund(addressKey(req.address), charged);
        await records.releaseMaterialBytes(req.eventId, reservationId).catch(() => undefined);
        throw err;
      }
    },
    list: (eventId) => records.listMaterials(eventId),
    async update(eventId, id, patch) {
      const m = await owned(eventId, id);
      if (!m) return null;
      const ext = EXT_OF.get(m.mime) ?? 'pdf';
      return records.updateMaterial(id, {
        name: patch.name === undefined ? undefined : sanitizeName(patch.name, ext),
        description: patch.description?.trim().slice(0, 500),
        order: patch.order
      });
    },
    async remove(eventId, id) {
      const m = await owned(eventId, id);
      if (!m) return false;
      // Bytes first: should the record's delete fail, the material is listed without bytes (a
      // second delete finishes it), never gone from the list with its bytes still stored.
      // Files of the content-addressed layout may be shared by records of one event.
      const others = (await records.listMaterials(eventId)).filter((r) => r.id !== m.id);
      if (!others.some((r) => blobOf(r) === blobOf(m))) await blobs.delete(blobOf(m));
      return records.deleteMaterial(id);
    },
    async download(eventId, id) {
      const m = await owned(eventId, id);
      if (!m || (await blobs.size(blobOf(m))) === null) return null;
      return { material: m, stream: blobs.get(blobOf(m)) };
    },
    open: (m) => blobs.get(blobOf(m))
  };
}
