/**
 * The moderation log as a download for the moderator: who decided what, when, why, with the
 * submission's text. CSV (BOM, RFC 4180, formula cells neutralised, as csv.ts) or JSON.
 */
import * as Y from 'yjs';
import { readLog, readSubmission, submissionsMap } from '../../../src/lib/board/queue.js';
import type { ModerationAction, RejectReason } from '../../../src/lib/board/types.js';
import { isoDate } from './context.js';
import { csvCell } from './csv.js';

export const MODERATION_LOG_FORMATS = ['csv', 'json'] as const;
export type ModerationLogFormat = (typeof MODERATION_LOG_FORMATS)[number];
export const isModerationLogFormat = (v: unknown): v is ModerationLogFormat => (MODERATION_LOG_FORMATS as readonly unknown[]).includes(v);

export const MODERATION_LOG_COLUMNS = ['time', 'action', 'moderator', 'submission_id', 'card_id', 'reason', 'text'] as const;

export interface ModerationLogRow {
  /** ISO 8601. */
  time: string;
  action: ModerationAction;
  moderator: string;
  submissionId: string | null;
  cardId: string | null;
  reason: RejectReason | null;
  /** The submission's text as submitted ('' when the line concerns no submission). */
  text: string;
}

/** The log of a queue document, oldest first, each line with its submission's text. */
export function moderationLogRows(queue: Y.Doc): ModerationLogRow[] {
  // Tolerant like the exports: an entry that is not a map holds no submission.
  const texts = new Map<string, string>();
  for (const [id, entry] of submissionsMap(queue) as Y.Map<unknown>) if (entry instanceof Y.Map) texts.set(id, readSubmission(id, entry as Y.Map<unknown>).content.text);
  return readLog(queue).map((e) => ({
    time: isoDate(e.at),
    action: e.action,
    moderator: e.by,
    submissionId: e.submissionId,
    cardId: e.cardId,
    reason: e.reason,
    text: (e.submissionId && texts.get(e.submissionId)) || ''
  }));
}

const line = (cells: ReadonlyArray<string>): string => cells.map(csvCell).join(',') + '\r\n';

export function* moderationLogCsv(rows: readonly ModerationLogRow[]): Generator<string> {
  yield '\uFEFF' + line(MODERATION_LOG_COLUMNS);
  for (const r of rows) yield line([r.time, r.action, r.moderator, r.submissionId ?? '', r.cardId ?? '', r.reason ?? '', r.text]);
}

export function moderationLogJson(boardId: string, rows: readonly ModerationLogRow[], exportedAt: number): string {
  return JSON.stringify({ format: 'panel-board.moderation-log', version: 1, boardId, exportedAt: isoDate(exportedAt), entries: rows }, null, 2) + '\n';
}
