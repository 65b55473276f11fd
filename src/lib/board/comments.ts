/**
 * Comment commands: the only writers of the full document's `comments` root. Like commands.ts,
 * each validates first (throwing BoardError) and writes in one transaction with a typed origin.
 * Comments are never removed; hiding one keeps it in the full document and takes it out of the
 * public projection.
 */
import type * as Y from 'yjs';
import { BoardError } from './errors.js';
import { newId } from './ids.js';
import { commentsMap, entryFrom, readComment } from './layout.js';
import type { BoardOrigin } from './origin.js';
import { MAX_COMMENT_TEXT, MAX_NAME, type Comment } from './types.js';
import { isVisibleCardIn } from './visibility.js';

export interface NewComment {
  id?: string;
  cardId: string;
  text: string;
  author: string;
  /** The author agreed to show `author` on the public outputs (absent: no). */
  nameConsent?: boolean;
  orgId: string | null;
}

/** Comment text as stored: newlines normalised, trimmed, 1–MAX_COMMENT_TEXT characters. */
export function cleanCommentText(text: string): string {
  const t = text.replace(/\r\n?/g, '\n').trim();
  if (t.length === 0) throw new BoardError('invalid', 'Comment text is empty');
  if (t.length > MAX_COMMENT_TEXT) throw new BoardError('too-long', `Comment text exceeds ${MAX_COMMENT_TEXT} characters`);
  return t;
}

/** Adds a comment to an existing, visible card (V1); returns its id. */
export function addComment(doc: Y.Doc, input: NewComment, origin: BoardOrigin, now = Date.now()): string {
  if (!isVisibleCardIn(doc, input.cardId)) throw new BoardError('not-found', `No card ${input.cardId}`);
  const text = cleanCommentText(input.text);
  const author = input.author.trim();
  if (author.length > MAX_NAME) throw new BoardError('too-long', `Author name exceeds ${MAX_NAME} characters`);
  const id = input.id ?? newId();
  if (commentsMap(doc).has(id)) throw new BoardError('invalid', `Comment ${id} exists`);
  doc.transact(() => {
    commentsMap(doc).set(id, entryFrom({ id, cardId: input.cardId, text, author, nameConsent: input.nameConsent === true, orgId: input.orgId, createdAt: now, hidden: false }));
  }, origin);
  return id;
}

export function findComment(doc: Y.Doc, id: string): Comment | null {
  const entry = commentsMap(doc).get(id);
  return entry ? readComment(id, entry) : null;
}

/** Hides or restores a comment; returns it as it now is. */
export function setCommentHidden(doc: Y.Doc, id: string, hidden: boolean, origin: BoardOrigin): Comment {
  const entry = commentsMap(doc).get(id);
  if (!entry) throw new BoardError('not-found', `No comment ${id}`);
  if (entry.get('hidden') !== hidden) doc.transact(() => entry.set('hidden', hidden), origin);
  return readComment(id, entry);
}
