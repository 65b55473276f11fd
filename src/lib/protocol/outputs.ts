/** HTTP shapes of the conference outputs (exports, materials, publishing, replay). */
import type { BoardContent } from '../board/content.js';
import type { BoardKind, EventInfo } from './api.js';

export interface MaterialInfo {
  id: string;
  eventId: string;
  /** Sanitised display and download name, with its extension. */
  name: string;
  description: string;
  /** Detected from the content, never from the name. */
  mime: string;
  size: number;
  /** Hex sha256 of the content. */
  sha256: string;
  /** Sort key within the event, smaller first. */
  order: number;
  uploadedAt: number;
}

export interface MaterialList {
  materials: MaterialInfo[];
  limits: { maxMaterialBytes: number; maxEventMaterialBytes: number };
}

/** GET /api/outputs/:eventId (no token; 410 when not published). Hidden cards are never included. */
export interface PublicOutputs {
  event: EventInfo;
  publishedAt: number;
  boards: Array<{ board: { id: string; kind: BoardKind; title: string }; content: BoardContent }>;
  materials: MaterialInfo[];
}

/** GET/PUT /api/events/:eventId/outputs?t=<moderator>. */
export interface OutputsState {
  publishedAt: number | null;
  /** Path of the public page, e.g. /outputs/<eventId>. */
  path: string;
}

export interface HistoryTimes {
  times: number[];
}

export interface HistoryMoment {
  at: number;
  content: BoardContent;
}

export interface RestoreResult {
  /** The checkpoint of the state just before the restore: restore it to undo. */
  undoAt: number;
  restoredAt: number;
}

export const EXPORT_FORMATS = ['pdf', 'md', 'csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A dossier per organization (server/outputs/exports/dossier.ts). */
export const DOSSIER_FORMATS = ['pdf', 'md'] as const;
export type DossierFormat = (typeof DOSSIER_FORMATS)[number];

const q = (token: string | null, extra: Record<string, string> = {}): string => {
  const params = new URLSearchParams({ ...(token ? { t: token } : {}), ...extra });
  const s = params.toString();
  return s ? `?${s}` : '';
};

/** URLs of the outputs API, built in one place for the pages. */
export const outputsUrls = {
  boardExport: (boardId: string, format: ExportFormat, token: string | null, lang: string) => `/api/boards/${boardId}/export.${format}${q(token, { lang })}`,
  eventZip: (eventId: string, token: string | null, lang: string) => `/api/events/${eventId}/export.zip${q(token, { lang })}`,
  dossier: (boardId: string, orgId: string, format: DossierFormat, token: string | null, lang: string) => `/api/boards/${boardId}/dossiers/${orgId}.${format}${q(token, { lang })}`,
  dossiersZip: (boardId: string, format: DossierFormat, token: string | null, lang: string) => `/api/boards/${boardId}/dossiers.zip${q(token, { lang, format })}`,
  materials: (eventId: string, token: string | null) => `/api/events/${eventId}/materials${q(token)}`,
  upload: (eventId: string, token: string, name: string) => `/api/events/${eventId}/materials${q(token, { name })}`,
  material: (eventId: string, id: string, token: string) => `/api/events/${eventId}/materials/${id}${q(token)}`,
  download: (eventId: string, id: string, token: string | null) => `/api/events/${eventId}/materials/${id}/download${q(token)}`,
  state: (eventId: string, token: string) => `/api/events/${eventId}/outputs${q(token)}`,
  public: (eventId: string) => `/api/outputs/${eventId}`,
  page: (eventId: string) => `/outputs/${eventId}`,
  history: (boardId: string, token: string | null) => `/api/boards/${boardId}/history${q(token)}`,
  moment: (boardId: string, at: number, token: string | null) => `/api/boards/${boardId}/history/${at}${q(token)}`,
  restore: (boardId: string, token: string) => `/api/boards/${boardId}/restore${q(token)}`
};
