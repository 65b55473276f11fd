/**
 * What to do with one Yjs update from a writer (moderator, panelist), decided before anything
 * is applied, cheapest checks first:
 *   1. a bounded scan: more structs and delete ranges than LIMIT_MAX_STRUCTS_PER_UPDATE: 4422;
 *   2. the connection's decode budget (LIMIT_UPDATE_STRUCTS_PER_SECOND): 4529 when spent;
 *   3. client id ownership (W8): another participant's client id is refused, no side effects;
 *   4. the write policy (W1–W7, W9, W10) over the decoded update.
 * Decoding, inspection and the policy are O(n log n) in the update's structs, so the cap bounds
 * the time any single frame can hold the event loop.
 */
import type * as Y from 'yjs';
import { CloseCode, type CloseCodeValue } from '../../src/lib/protocol/close-codes.js';
import type { TokenBucket } from '../limits/rate-limiter.js';
import type { ClientIdOwners } from './client-ids.js';
import { scanUpdate } from '../sync/update-scan.js';
import { checkWriterUpdate, type ModeratorValue } from './write-policy.js';
import type { StaleValues } from '../../src/lib/protocol/yjs-notice.js';

export interface WriteContext {
  doc: Y.Doc;
  boardId: string;
  role: 'moderator' | 'panelist';
  participantKey: string;
  maxStructsPerUpdate: number;
  /** The connection's decode budget, in structs + delete ranges. */
  budget: TokenBucket;
  owners: ClientIdOwners;
}

export type WriteDecision =
  | { kind: 'close'; code: CloseCodeValue; reason: string }
  /** Nothing of the update applies; `tombstones` (if any) keep the writer's own clocks contiguous. */
  | { kind: 'refuse'; rule: string; detail: string; tombstones: Uint8Array | null; claimed: number[] }
  /**
   * Apply `update` when `effective`; `strike` when some deletions (W6) or stale values (W10)
   * were stripped; tell the writer about `staleCards`; check `moderatorValues` once applied.
   */
  | {
      kind: 'apply';
      update: Uint8Array;
      effective: boolean;
      claimed: number[];
      strike: { rule: string; detail: string } | null;
      staleCards: string[];
      staleValues: StaleValues;
      moderatorValues: ModeratorValue[];
    };

/** Throws `UndecodableUpdate` (update-scan.ts) for bytes that are no Yjs update. */
export function decideWrite(ctx: WriteContext, update: Uint8Array): WriteDecision {
  const scan = scanUpdate(update, ctx.maxStructsPerUpdate);
  if (scan.kind === 'too-much') return { kind: 'close', code: CloseCode.TooComplex, reason: 'update has too many structs' };
  if (!ctx.budget.take(scan.work).ok) return { kind: 'close', code: CloseCode.RateLimited, reason: 'too much update work' };
  const ownership = ctx.owners.check(ctx.boardId, ctx.doc, ctx.participantKey, scan.claims);
  if (!ownership.ok) return { kind: 'refuse', rule: 'W8', detail: ownership.detail, tombstones: null, claimed: [] };
  const { claimed } = ownership;
  const verdict = checkWriterUpdate(ctx.doc, update, { role: ctx.role, participantKey: ctx.participantKey });
  switch (verdict.kind) {
    case 'refuse':
      return { kind: 'refuse', rule: verdict.rule, detail: verdict.detail, tombstones: verdict.tombstones, claimed };
    case 'partial':
      return { ...verdict, kind: 'apply', claimed, strike: { rule: verdict.rule, detail: verdict.detail } };
    case 'accept':
      return { ...verdict, kind: 'apply', claimed, strike: null, staleCards: [], staleValues: {} };
    default: {
      const never: never = verdict;
      throw new Error(`unhandled verdict ${String(never)}`);
    }
  }
}
