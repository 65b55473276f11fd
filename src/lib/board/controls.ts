/** Board commands for what the moderator runs: lock, spotlight, projector, audience settings, timer. */
import type * as Y from 'yjs';
import { cardEntry, cleanName } from './command-input.js';
import { BoardError } from './errors.js';
import { metaMap, orgsMap, readCard, topicsMap } from './layout.js';
import type { BoardOrigin } from './origin.js';
import { MAX_TITLE, type BoardSettings, type ProjectorStyle, type ProjectorView, type Timer } from './types.js';
import { isVisibleCard } from './visibility.js';

export function setLocked(doc: Y.Doc, locked: boolean, origin: BoardOrigin): void {
  doc.transact(() => metaMap(doc).set('locked', locked), origin);
}

export function setSpotlight(doc: Y.Doc, cardId: string | null, origin: BoardOrigin): void {
  if (cardId !== null && !isVisibleCard(readCard(cardId, cardEntry(doc, cardId)))) throw new BoardError('invalid', 'A hidden card cannot be spotlighted');
  doc.transact(() => metaMap(doc).set('spotlight', cardId), origin);
}

export function setProjector(doc: Y.Doc, view: ProjectorView, origin: BoardOrigin): void {
  if (view.mode === 'topic' && !topicsMap(doc).has(view.topicId)) throw new BoardError('not-found', 'No such topic');
  if (view.mode === 'org' && !orgsMap(doc).has(view.orgId)) throw new BoardError('not-found', 'No such organization');
  doc.transact(() => metaMap(doc).set('projector', { ...view }), origin);
}

const PROJECTOR_STYLE_FIELDS = ['projectorLang', 'projectorTheme', 'projectorLargeText', 'projectorDensity'] as const satisfies readonly (keyof ProjectorStyle)[];

/** Changes only the given projector style fields; values are validated at the edge (schemas.ts). */
export function setProjectorStyle(doc: Y.Doc, patch: Partial<ProjectorStyle>, origin: BoardOrigin): void {
  doc.transact(() => {
    const meta = metaMap(doc);
    for (const key of PROJECTOR_STYLE_FIELDS) if (patch[key] !== undefined) meta.set(key, patch[key]);
  }, origin);
}

/** Changes the given audience settings; `voteBudget: null` (unlimited) is stored as 0. */
export function setSettings(doc: Y.Doc, patch: Partial<BoardSettings>, origin: BoardOrigin): void {
  doc.transact(() => {
    const meta = metaMap(doc);
    if (patch.preModeration !== undefined) meta.set('preModeration', patch.preModeration);
    if (patch.voteBudget !== undefined) meta.set('voteBudget', patch.voteBudget ?? 0);
    if (patch.commentsAllowed !== undefined) meta.set('commentsAllowed', patch.commentsAllowed);
    if (patch.reactions !== undefined) meta.set('reactions', [...new Set(patch.reactions)]);
  }, origin);
}

export type TimerCommand = { op: 'set'; label: string; durationMs: number } | { op: 'start' } | { op: 'pause' } | { op: 'reset' } | { op: 'clear' };

export function runTimer(doc: Y.Doc, command: TimerCommand, origin: BoardOrigin, now = Date.now()): void {
  const meta = metaMap(doc);
  const current = meta.get('timer') as Timer | undefined | null;
  let next: Timer | null;
  switch (command.op) {
    case 'set': {
      if (!(command.durationMs > 0 && command.durationMs <= 4 * 3600_000)) throw new BoardError('invalid', 'Timer duration out of range');
      const label = cleanName(command.label, MAX_TITLE, 'Timer label');
      next = { label, durationMs: command.durationMs, startedAt: null, remainingMs: command.durationMs };
      break;
    }
    case 'start':
      if (!current) throw new BoardError('not-found', 'No timer set');
      next = current.startedAt !== null ? current : { ...current, startedAt: now };
      break;
    case 'pause':
      if (!current) throw new BoardError('not-found', 'No timer set');
      next = current.startedAt === null ? current : { ...current, startedAt: null, remainingMs: Math.max(0, current.remainingMs - (now - current.startedAt)) };
      break;
    case 'reset':
      if (!current) throw new BoardError('not-found', 'No timer set');
      next = { ...current, startedAt: null, remainingMs: current.durationMs };
      break;
    case 'clear':
      next = null;
      break;
    default: {
      const never: never = command;
      throw new BoardError('invalid', `Unknown timer op ${String(never)}`);
    }
  }
  doc.transact(() => meta.set('timer', next), origin);
}
