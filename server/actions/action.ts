/** How one socket.io action is defined: its payload schema, the capability it needs, and its run. */
import * as v from 'valibot';
import type * as Y from 'yjs';
import { BoardError, type BoardErrorReason } from '../../src/lib/board/errors.js';
import { actionOrigin, type BoardOrigin } from '../../src/lib/board/origin.js';
import type { AckResult, ErrorReason } from '../../src/lib/protocol/errors.js';
import type { ActionName, ReactionBurst, SubmissionView } from '../../src/lib/protocol/events.js';
import { can, type Capability, type Role } from '../../src/lib/roles/index.js';
import type { LoadedBoard } from '../rooms/registry.js';
import { QuotaExceeded, type QuotaKind } from './quotas.js';

/** What actions may send to clients besides their ack (socket.io rooms, so it reaches every instance). */
export interface Notifier {
  /** To every socket of the participant whose submitterKey (identity.ts) this is. */
  submission(boardId: string, submitterKey: string, view: SubmissionView): void;
  /**
   * To every connection of the board, summed per target over a short window first
   * (server/reactions/aggregator.ts): one call per tap, one burst per window.
   */
  reactions(boardId: string, burst: ReactionBurst): void;
}

export interface ActionContext {
  name: ActionName;
  /** The board's full document (= board.full.doc). */
  doc: Y.Doc;
  /** The loaded board: its documents and projection. */
  board: LoadedBoard;
  notify: Notifier;
  /** Takes one unit of this participant's quota of `kind`; throws QuotaExceeded when empty. */
  take(kind: QuotaKind): void;
  boardId: string;
  role: Role;
  /** Pseudonymous participant key of the connection's device (see identity.ts). */
  participantKey: string;
  /** The key this device's votes and poll ballots are filed under (identity.ts voterKey, from the device id). */
  voterKey: string;
  connectionId: string;
}

export interface Action<R> {
  readonly capability: Capability;
  /** Validates, authorizes and runs; throws only on unexpected (non-BoardError) failures. */
  execute(ctx: ActionContext, input: unknown): AckResult<R>;
}

const REASON: Record<BoardErrorReason, ErrorReason> = {
  'not-found': 'not-found',
  invalid: 'invalid-payload',
  'too-long': 'too-long',
  locked: 'locked',
  forbidden: 'forbidden',
  'budget-exhausted': 'budget-exhausted',
  disabled: 'disabled'
};

function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path?.map((p) => String(p.key)).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

export function defineAction<S extends v.GenericSchema, R>(
  schema: S,
  capability: Capability,
  run: (ctx: ActionContext, payload: v.InferOutput<S>, origin: BoardOrigin) => R
): Action<R> {
  return {
    capability,
    execute(ctx, input) {
      if (!can(ctx.role, capability)) return { ok: false, reason: 'forbidden', message: `The ${ctx.role} role may not ${ctx.name}` };
      const parsed = v.safeParse(schema, input);
      if (!parsed.success) return { ok: false, reason: 'invalid-payload', message: describeIssues(parsed.issues) };
      try {
        return { ok: true, data: run(ctx, parsed.output, actionOrigin(ctx.name, ctx.participantKey)) };
      } catch (err) {
        if (err instanceof BoardError) return { ok: false, reason: REASON[err.reason], message: err.message };
        if (err instanceof QuotaExceeded) return { ok: false, reason: 'rate-limited', message: err.message, retryAfterMs: err.retryAfterMs };
        throw err;
      }
    }
  };
}
