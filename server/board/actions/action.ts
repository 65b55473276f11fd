/** How one socket.io action is defined: its payload schema, the capability it needs, and its run. */
import * as v from 'valibot';
import type * as Y from 'yjs';
import { BoardError, type BoardErrorReason } from '../../../src/lib/board/errors.js';
import { actionOrigin, type BoardOrigin } from '../../../src/lib/board/origin.js';
import type { AckResult, ErrorBody, ErrorReason } from '../../../src/lib/protocol/errors.js';
import type { ActionName, ReactionBurst, SubmissionView } from '../../../src/lib/protocol/events.js';
import { can, type Capability, type Role } from '../../../src/lib/roles/index.js';
import type { CheckpointRedactor } from '../../outputs/history/redaction.js';
import type { LoadedBoard } from '../../sync/registry.js';
import { ActionRefused, QuotaExceeded, type QuotaKind } from './quotas.js';
import type { AnswerSlots } from './answer-slots.js';

/** What actions may send to clients besides their ack (socket.io rooms, so it reaches every instance). */
export interface Notifier {
  /** To every socket of the participant whose submitterKey (identity.ts) this is. */
  submission(boardId: string, submitterKey: string, view: SubmissionView): void;
  /**
   * To every connection of the board, summed per target over a short window first
   * (server/board/reactions.ts): one call per tap, one burst per window.
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
  /** Rewrites the board history's checkpoints (session replay) after an erasure. */
  checkpoints: CheckpointRedactor;
  /** Takes one unit of this participant's quota of `kind`; throws QuotaExceeded when empty. */
  take(kind: QuotaKind): Promise<void>;
  /** Gives back a unit taken for an action that was then refused. */
  refund(kind: QuotaKind): Promise<void>;
  /** Audience submissions that may wait for moderation on one board (Limits.maxPendingSubmissions). */
  maxPendingSubmissions: number;
  /** Written poll answers one board keeps in any state (Limits.maxPollAnswers). */
  maxPollAnswers: number;
  /** Devices' different answers to a poll, counted across instances (answer-slots.ts). */
  answerSlots: AnswerSlots;
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
  /** False for actions that never make the board's documents bigger (reads, erasure, reactions). */
  readonly growsDocs: boolean;
  /** Validates, authorizes and runs; throws (or rejects) only on unexpected (non-BoardError) failures. */
  execute(ctx: ActionContext, input: unknown): AckResult<R> | Promise<AckResult<R>>;
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

type Admitted<S extends v.GenericSchema> = { ok: true; payload: v.InferOutput<S> } | ErrorBody;

function admit<S extends v.GenericSchema>(ctx: ActionContext, schema: S, capability: Capability, input: unknown): Admitted<S> {
  if (!can(ctx.role, capability)) return { ok: false, reason: 'forbidden', message: `The ${ctx.role} role may not ${ctx.name}` };
  const parsed = v.safeParse(schema, input);
  if (!parsed.success) return { ok: false, reason: 'invalid-payload', message: describeIssues(parsed.issues) };
  return { ok: true, payload: parsed.output };
}

/** The ack for an expected failure; anything else is rethrown (logged and acked `internal` by the transport). */
function refusal(err: unknown): ErrorBody {
  if (err instanceof BoardError) return { ok: false, reason: REASON[err.reason], message: err.message };
  if (err instanceof ActionRefused) return { ok: false, reason: err.reason, message: err.message, ...(err.retryAfterMs !== undefined && { retryAfterMs: err.retryAfterMs }) };
  throw err;
}

export interface ActionOptions<S extends v.GenericSchema> {
  /**
   * The participant quota this call spends, if any (null: none). Taken before the run, since the
   * limiters are shared across instances (async) and the board commands are synchronous; given
   * back when the action is refused, so a refused call costs nothing.
   */
  quota?: (ctx: ActionContext, payload: v.InferOutput<S>) => QuotaKind | null;
  /** Default true: refused once a document of the board reaches Limits.maxDocBytes. */
  growsDocs?: boolean;
}

type Run<S extends v.GenericSchema, R> = (ctx: ActionContext, payload: v.InferOutput<S>, origin: BoardOrigin) => R | Promise<R>;

function define<S extends v.GenericSchema, R>(schema: S, capability: Capability, run: Run<S, R>, options: ActionOptions<S>): Action<R> {
  return {
    capability,
    growsDocs: options.growsDocs ?? true,
    async execute(ctx, input) {
      const admitted = admit(ctx, schema, capability, input);
      if (!admitted.ok) return admitted;
      const kind = options.quota?.(ctx, admitted.payload) ?? null;
      try {
        if (kind) await ctx.take(kind);
        return { ok: true, data: await run(ctx, admitted.payload, actionOrigin(ctx.name, ctx.participantKey)) };
      } catch (err) {
        const refused = refusal(err);
        if (kind && (err instanceof BoardError || (err instanceof ActionRefused && !(err instanceof QuotaExceeded)))) await ctx.refund(kind);
        return refused;
      }
    }
  };
}

export function defineAction<S extends v.GenericSchema, R>(
  schema: S,
  capability: Capability,
  run: (ctx: ActionContext, payload: v.InferOutput<S>, origin: BoardOrigin) => R,
  options: ActionOptions<S> = {}
): Action<R> {
  return define(schema, capability, run, options);
}

/** Like defineAction, for an action whose work continues after the board command (the ack waits for it). */
export function defineAsyncAction<S extends v.GenericSchema, R>(
  schema: S,
  capability: Capability,
  run: (ctx: ActionContext, payload: v.InferOutput<S>, origin: BoardOrigin) => Promise<R>,
  options: ActionOptions<S> = {}
): Action<R> {
  return define(schema, capability, run, options);
}
