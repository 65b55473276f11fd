/** Input checks the board commands share: text and names cleaned and bounded, cards looked up (throwing BoardError). */
import type * as Y from 'yjs';
import { BoardError } from './errors.js';
import { cardsMap, type YEntry } from './layout.js';
import { MAX_CARD_TEXT, MAX_TITLE } from './types.js';

/** Card text as stored: newlines normalised, trimmed, 1–MAX_CARD_TEXT characters. */
export function cleanText(text: string): string {
  const t = text.replace(/\r\n?/g, '\n').trim();
  if (t.length === 0) throw new BoardError('invalid', 'Card text is empty');
  if (t.length > MAX_CARD_TEXT) throw new BoardError('too-long', `Card text exceeds ${MAX_CARD_TEXT} characters`);
  return t;
}

export function cleanName(name: string, max: number, what: string): string {
  const n = name.trim();
  if (n.length > max) throw new BoardError('too-long', `${what} exceeds ${max} characters`);
  return n;
}

export function requireTitle(title: string, what: string): string {
  const t = cleanName(title, MAX_TITLE, what);
  if (t.length === 0) throw new BoardError('invalid', `${what} is empty`);
  return t;
}

export function cardEntry(doc: Y.Doc, id: string): YEntry {
  const entry = cardsMap(doc).get(id);
  if (!entry) throw new BoardError('not-found', `No card ${id}`);
  return entry;
}
