/**
 * What every export format gets: the event, the board, its content (already reduced to the
 * public view when the reader is not the moderator) and the language of the headings.
 * Formats live one per file beside this one; each streams (an iterable of chunks or a pipe).
 */
import type { BoardContent } from '../../../src/lib/board/content.js';
import type { MessageKey } from '../../../src/lib/i18n/en.js';
import { translate } from '../../../src/lib/i18n/translate.js';
import type { Locale } from '../../../src/lib/i18n/types.js';
import type { Params } from '../../../src/lib/i18n/types.js';
import type { ParticipationFigures } from '../../../src/lib/protocol/participation.js';

export interface ExportEvent {
  id: string;
  title: string;
  date: string;
  place: string;
}

export interface ExportBoard {
  id: string;
  kind: 'main' | 'workshop';
  title: string;
}

export interface ExportInput {
  event: ExportEvent;
  board: ExportBoard;
  /** Every board of the event, for the report's title page. */
  boards: readonly ExportBoard[];
  content: BoardContent;
  lang: Locale;
  /** Epoch ms. */
  exportedAt: number;
  /** True for the moderator's export: hidden cards are included (flagged) where the format lists every card. */
  full: boolean;
  /** The board's participation figures: in the moderator's exports, in public ones when made public. */
  participation?: ParticipationFigures | null;
}

export const EXPORT_FORMATS = ['pdf', 'md', 'csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPE: Record<ExportFormat | 'zip', string> = {
  pdf: 'application/pdf',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  zip: 'application/zip'
};

export const isExportFormat = (v: string): v is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(v);

export type Label = (key: MessageKey, params?: Params) => string;
export const labels =
  (lang: Locale): Label =>
  (key, params) =>
    translate(lang, key, params);

/** A file-name-safe slug: ASCII letters and digits only, so any OS and any Content-Disposition reader copes. */
export function slug(text: string, fallback = 'board'): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 60);
  return s || fallback;
}

/** The last moment a JavaScript Date can hold (±100,000,000 days from 1970). */
const MAX_DATE_MS = 8.64e15;

/**
 * ISO 8601 of an epoch-ms time, or '' for none. Total: a writer may have left 1e300, NaN or a
 * string where a time belongs, and `toISOString` throws on those (an export stopped mid-stream).
 */
export const isoDate = (ms: unknown): string => (typeof ms === 'number' && Number.isFinite(ms) && ms > 0 && ms <= MAX_DATE_MS ? new Date(ms).toISOString() : '');
