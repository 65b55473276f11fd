/**
 * Erasing everything of one event (docs/privacy.md §6): when its retention period ends, or when
 * the moderator deletes it. Order matters:
 *   1. the event's records go first, each store deleting its own (events: event, tokens,
 *      boards, join codes; materials' records and quota reservations; publication; history
 *      checkpoints), so no instance grants access to it any more and an in-flight request
 *      finds nothing (404);
 *   2. every connection of the event, on every instance, is closed (websocket 4409, socket.io
 *      `notice` `event-deleted`), so its rooms unload;
 *   3. once this instance's rooms of the event have unloaded (and a grace period has let the
 *      other instances' unload), their documents (full, public, queue: boards, moderation log,
 *      submissions) and the material bytes are deleted, and the checkpoints again (an unload
 *      writes a last one);
 *   4. the storage medium is scrubbed (SQLite: secure_delete zeroes, vacuum, WAL truncated;
 *      Redis: AOF rewritten).
 * Every step is idempotent: a purge cut short is finished by running it again.
 */
import type { Logger } from 'pino';
import type { Revocations } from '../revocations.js';
import type { BlobStore } from '../../outputs/materials/blob-store.js';
import type { DocStore } from '../../sync/doc-store.js';
import type { EventStore } from '../event-store.js';
import { blobOf, type MaterialStore } from '../../outputs/materials/material-store.js';
import type { PublicationStore } from '../../outputs/publication-store.js';
import type { CheckpointStore } from '../../outputs/history/checkpoint-store.js';
import { fullDocName, publicDocName, queueDocName } from '../../sync/origins.js';
import type { BoardRegistry } from '../../sync/registry.js';
import type { CheckpointRedactor } from '../../outputs/history/redaction.js';

export type PurgeCause = 'retention' | 'moderator';

export interface PurgeDeps {
  events: EventStore;
  materials: MaterialStore;
  publication: PublicationStore;
  checkpoints: CheckpointStore;
  /** Participation counters: deleted with the records, and again after the grace (a late flush). */
  participation?: { deleteBoard(boardId: string): Promise<void> };
  docs: DocStore;
  blobs: BlobStore;
  registry: BoardRegistry;
  revocations: Revocations;
  /** Makes deleted bytes unrecoverable from the medium, forgetting what is keyed by `ids` (Backends.eraseMedium). */
  eraseMedium(ids: readonly string[]): Promise<void>;
  logger: Logger;
  /** How long other instances get to unload the event's rooms before its documents are deleted (LIMIT_PURGE_GRACE_MS). */
  graceMs: number;
  /** The longest this instance waits for its own rooms of the event to unload. */
  unloadTimeoutMs?: number;
  /** This instance's rewrites of history checkpoints (an erasure under way), awaited before the last sweep of them. */
  redactor?: Pick<CheckpointRedactor, 'idle'>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** Lets other work run between the steps of a big purge. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function unloaded(registry: BoardRegistry, boardIds: readonly string[], timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (boardIds.some((id) => registry.isLoaded(id))) {
    if (Date.now() > end) return false;
    await sleep(20);
  }
  return true;
}

/** Step 1: every store deletes what it holds of the event. */
async function deleteRecords(d: PurgeDeps, eventId: string, boardIds: readonly string[]): Promise<void> {
  await d.events.deleteEvent(eventId);
  await d.materials.deleteEventMaterials(eventId);
  await d.publication.setOutputsPublished(eventId, null);
  for (const boardId of boardIds) await d.checkpoints.deleteBoardCheckpoints(boardId);
  for (const boardId of boardIds) await d.participation?.deleteBoard(boardId);
}

/**
 * Erases the event `eventId`; false when there was no such event (already purged).
 * `boardIds` (from an earlier, interrupted purge) are cleaned even when the record is gone.
 */
export async function purgeEvent(d: PurgeDeps, eventId: string, cause: PurgeCause): Promise<boolean> {
  const event = await d.events.getEvent(eventId);
  if (!event) return false;
  const started = Date.now();
  const boardIds = (await d.events.listBoards(eventId)).map((b) => b.id);
  const blobs = [...new Set((await d.materials.listMaterials(eventId)).map(blobOf))];
  await deleteRecords(d, eventId, boardIds);
  d.revocations.revoke(eventId, 'event');
  if (!(await unloaded(d.registry, boardIds, d.unloadTimeoutMs ?? 10_000)))
    d.logger.warn({ event: eventId }, 'purge: a room of the event is still loaded; deleting its documents anyway');
  await sleep(d.graceMs);
  for (const boardId of boardIds) {
    for (const name of [fullDocName(boardId), publicDocName(boardId), queueDocName(boardId)]) await d.docs.delete(name);
    await turn();
  }
  for (const blob of blobs) {
    await d.blobs.delete(blob);
    await turn();
  }
  // A room that unloaded meanwhile wrote its last checkpoint, and an erasure under way may be
  // rewriting one (storing it again): delete those too, once the rewrites are done.
  for (const boardId of boardIds) await d.redactor?.idle(boardId);
  for (const boardId of boardIds) await d.checkpoints.deleteBoardCheckpoints(boardId);
  for (const boardId of boardIds) await d.participation?.deleteBoard(boardId);
  await d.eraseMedium([eventId, ...boardIds]);
  d.logger.info({ event: eventId, cause, boards: boardIds.length, materials: blobs.length, ms: Date.now() - started }, 'event purged');
  return true;
}
