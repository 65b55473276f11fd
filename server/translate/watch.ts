/**
 * Which texts of a loaded board need translating: cards whose text was created or changed, and
 * audience submissions filed, by a change made on this instance (a connection's update or a
 * server action). Changes that arrive over the bus or from the store were seen by the instance
 * that made them, so each text is translated once across instances; the translator's own
 * writes (TRANSLATE_ORIGIN) change no text and schedule nothing.
 */
import * as Y from 'yjs';
import { cardsMap } from '../../src/lib/board/layout.js';
import { actionOrigin } from '../../src/lib/board/origin.js';
import { submissionsMap } from '../../src/lib/board/queue.js';
import { originKind } from '../sync/origins.js';

export const TRANSLATE_ORIGIN = actionOrigin('translate', 'server');

const fromHere = (origin: unknown): boolean => {
  const kind = originKind(origin);
  return kind === 'connection' || kind === 'action' || kind === 'local';
};

/** Ids of the entries of `root` added by this transaction, or whose `field` it set. */
function touched(tr: Y.Transaction, root: Y.Map<Y.Map<unknown>>, field: string): Set<string> {
  const ids = new Set<string>();
  for (const [type, keys] of tr.changed) {
    if ((type as unknown) === root) {
      for (const key of keys) if (key !== null && root.has(key)) ids.add(key);
      continue;
    }
    const item = type._item;
    if (keys.has(field) && item && item.parent === root && typeof item.parentSub === 'string') ids.add(item.parentSub);
  }
  return ids;
}

/** Calls `onCards` with the ids of cards whose text changed here; returns the unsubscribe. */
export function watchCards(doc: Y.Doc, onCards: (ids: Set<string>) => void): () => void {
  const listener = (tr: Y.Transaction): void => {
    if (!fromHere(tr.origin) || tr.origin === TRANSLATE_ORIGIN) return;
    const ids = touched(tr, cardsMap(doc), 'text');
    if (ids.size > 0) onCards(ids);
  };
  doc.on('afterTransaction', listener);
  return () => doc.off('afterTransaction', listener);
}

/** Calls `onSubmissions` with the ids of submissions filed (or whose content changed) here. */
export function watchSubmissions(doc: Y.Doc, onSubmissions: (ids: Set<string>) => void): () => void {
  const listener = (tr: Y.Transaction): void => {
    if (!fromHere(tr.origin) || tr.origin === TRANSLATE_ORIGIN) return;
    const ids = touched(tr, submissionsMap(doc), 'content');
    if (ids.size > 0) onSubmissions(ids);
  };
  doc.on('afterTransaction', listener);
  return () => doc.off('afterTransaction', listener);
}
