/**
 * Builds a board from an uploaded JSON export (json.ts): parse, count against the caps, validate
 * (json-import.ts), write it into a fresh Y.Doc with the import command, and encode that as one
 * update the store can take as the new board's first entry. Pure and synchronous: it runs in the
 * heavy-work worker (server/outputs/heavy/), never on the event loop that serves the hall.
 */
import * as Y from 'yjs';
import { actionOrigin } from '../../../src/lib/board/origin.js';
import { applyContent } from '../../../src/lib/board/restore.js';
import { reconcileAll } from '../../board/projection.js';
import { parseBoardImport } from './json-import.js';

export interface ImportCaps {
  maxImportCards: number;
  maxImportVotes: number;
  maxImportPolls: number;
}

export type ImportBuild =
  /** `update`: the full document; `publicUpdate`: its public projection, so the first load has nothing to build. */
  | { ok: true; title: string; update: Uint8Array; publicUpdate: Uint8Array; cards: number }
  | { ok: false; status: 400 | 422; reason: 'invalid-payload' | 'too-large'; message: string };

const length = (o: Record<string, unknown>, key: string): number => (Array.isArray(o[key]) ? (o[key] as unknown[]).length : 0);

/** The first cap the document exceeds, as a message naming it; checked before the costly validation. */
export function capExceeded(doc: unknown, caps: ImportCaps): string | null {
  if (typeof doc !== 'object' || doc === null) return null;
  const o = doc as Record<string, unknown>;
  const checks: Array<[count: number, cap: number, what: string, env: string]> = [
    [length(o, 'cards'), caps.maxImportCards, 'cards', 'LIMIT_MAX_IMPORT_CARDS'],
    [length(o, 'comments'), 2 * caps.maxImportCards, 'comments', 'LIMIT_MAX_IMPORT_CARDS (×2)'],
    [
      length(o, 'votes') + length(o, 'upvotes') + length(o, 'pollVotes') + length(o, 'pollAnswers'),
      caps.maxImportVotes,
      'votes, upvotes, poll ballots and poll answers',
      'LIMIT_MAX_IMPORT_VOTES'
    ],
    [length(o, 'polls'), caps.maxImportPolls, 'polls', 'LIMIT_MAX_IMPORT_POLLS']
  ];
  for (const [count, cap, what, env] of checks) if (count > cap) return `The board holds ${count} ${what}; an import may hold at most ${cap} (${env})`;
  return null;
}

export function buildImport(body: Uint8Array, caps: ImportCaps): ImportBuild {
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: false }).decode(body));
  } catch {
    return { ok: false, status: 400, reason: 'invalid-payload', message: 'Body is not valid JSON' };
  }
  const over = capExceeded(doc, caps);
  if (over) return { ok: false, status: 422, reason: 'too-large', message: over };
  const parsed = parseBoardImport(doc);
  if (!parsed.ok) return { ok: false, status: 400, reason: 'invalid-payload', message: parsed.message };
  const full = new Y.Doc();
  const pub = new Y.Doc();
  try {
    applyContent(full, parsed.board.content, actionOrigin('board:import', 'moderator'));
    reconcileAll(full, pub);
    return { ok: true, title: parsed.board.title, update: Y.encodeStateAsUpdate(full), publicUpdate: Y.encodeStateAsUpdate(pub), cards: parsed.board.content.cards.length };
  } finally {
    full.destroy();
    pub.destroy();
  }
}
