/**
 * Erasure, a board command module like commands.ts: the moderator redacts personal data from a
 * card, a comment or a poll, or an audience member withdraws what they posted. Each erasure is
 * one plain value, applied the same way to the live document (`erase`) and to every stored
 * history checkpoint (`eraseInState`). Documents are garbage-collected (gc: true), so an
 * overwritten or deleted value keeps its id but loses its content; erasing the stores and the
 * medium is the server's part (docs/redaction.md).
 *
 * Copies go with the original: a card's text was copied into every poll option taken from it
 * (`cardId`), so redacting or withdrawing the card rewrites those options, in open and closed
 * polls alike.
 */
import * as Y from 'yjs';
import { cleanText } from './command-input.js';
import { cleanCommentText } from './comments.js';
import { cleanPollText } from './engagement.js';
import { BoardError } from './errors.js';
import { cardsMap, commentsMap, erasuresMap, metaMap, parseVoteKey, pollAnswersMap, pollsMap, readPoll, upvotesMap, votesMap, type YEntry } from './layout.js';
import { LOCAL, type BoardOrigin } from './origin.js';
import { MAX_NAME, MAX_POLL_OPTION, MAX_POLL_QUESTION, type PollOption } from './types.js';
import { TRANSLATIONS_FIELD } from './translations.js';

export type Erasure =
  /** A card's text and/or its author's name replaced by the moderator's version. */
  | { kind: 'card'; id: string; text?: string; author?: string }
  /** A comment's text and/or its author's nickname replaced. */
  | { kind: 'comment'; id: string; text?: string; author?: string }
  /** A poll's question and/or some options' text (option id → new text) replaced. */
  | { kind: 'poll'; id: string; question?: string; options?: Readonly<Record<string, string>> }
  /** The card or comment removed for good (its author withdrew it). */
  | { kind: 'withdraw-card'; id: string }
  | { kind: 'withdraw-comment'; id: string }
  /** A free-text poll answer removed for good (redacted by the moderator; poll-answers.ts). */
  | { kind: 'poll-answer'; id: string };

/** A poll option's text taken from a card's text: one line, at most MAX_POLL_OPTION characters. */
export function optionTextOf(cardText: string): string {
  const line = cardText.replace(/\s+/g, ' ').trim();
  return line.length <= MAX_POLL_OPTION ? line : `${line.slice(0, MAX_POLL_OPTION - 1)}…`;
}

function cleanName(name: string): string {
  const n = name.trim();
  if (n.length > MAX_NAME) throw new BoardError('too-long', `The name exceeds ${MAX_NAME} characters`);
  return n;
}

const nothing = (): never => {
  throw new BoardError('invalid', 'Nothing to redact');
};

function requireEntry(map: Y.Map<YEntry>, id: string, what: string): YEntry {
  const entry = map.get(id);
  if (!(entry instanceof Y.Map)) throw new BoardError('not-found', `No ${what} ${id}`);
  return entry;
}

/** Validates an erasure against the document and returns it cleaned; throws BoardError. */
export function checkErasure(doc: Y.Doc, e: Erasure): Erasure {
  switch (e.kind) {
    case 'card':
    case 'comment': {
      requireEntry(e.kind === 'card' ? cardsMap(doc) : commentsMap(doc), e.id, e.kind);
      if (e.text === undefined && e.author === undefined) nothing();
      const text = e.text === undefined ? undefined : e.kind === 'card' ? cleanText(e.text) : cleanCommentText(e.text);
      const author = e.author === undefined ? undefined : cleanName(e.author);
      return { kind: e.kind, id: e.id, ...(text !== undefined && { text }), ...(author !== undefined && { author }) };
    }
    case 'poll': {
      const poll = readPoll(e.id, requireEntry(pollsMap(doc), e.id, 'poll'));
      const entries = Object.entries(e.options ?? {});
      if (e.question === undefined && entries.length === 0) nothing();
      const known = new Set(poll.options.map((o) => o.id));
      const options: Record<string, string> = {};
      for (const [id, text] of entries) {
        if (!known.has(id)) throw new BoardError('not-found', `This poll has no option ${id}`);
        options[id] = cleanPollText(text, MAX_POLL_OPTION, `Option ${id}`);
      }
      const question = e.question === undefined ? undefined : cleanPollText(e.question, MAX_POLL_QUESTION, 'The question');
      return { kind: 'poll', id: e.id, ...(question !== undefined && { question }), ...(entries.length > 0 && { options }) };
    }
    case 'withdraw-card':
      requireEntry(cardsMap(doc), e.id, 'card');
      return e;
    case 'withdraw-comment':
      requireEntry(commentsMap(doc), e.id, 'comment');
      return e;
    case 'poll-answer':
      // A pending answer never reached the board: there is nothing to check here (poll-answers.ts).
      return e;
    default: {
      const never: never = e;
      return never;
    }
  }
}

/** Sets `key` when its value differs; returns whether it did. */
function put(entry: YEntry, key: string, value: unknown): boolean {
  if (value === undefined || entry.get(key) === value) return false;
  entry.set(key, value);
  return true;
}

/** Rewrites the options copied from a card (open and closed polls); `text` null empties them. */
function rewriteOptionsOf(doc: Y.Doc, cardId: string, text: string | null): boolean {
  const next = text === null ? '' : optionTextOf(text);
  let changed = false;
  for (const [id, entry] of pollsMap(doc)) {
    if (!(entry instanceof Y.Map)) continue;
    const options = readPoll(id, entry).options;
    if (!options.some((o) => o.cardId === cardId && o.text !== next)) continue;
    entry.set(
      'options',
      options.map((o): PollOption => (o.cardId === cardId ? { ...o, text: next } : o))
    );
    changed = true;
  }
  return changed;
}

function withdrawCard(doc: Y.Doc, id: string): boolean {
  const cards = cardsMap(doc);
  const had = cards.has(id);
  if (had) cards.delete(id);
  for (const votes of [votesMap(doc), upvotesMap(doc)]) for (const key of [...votes.keys()]) if (parseVoteKey(key)?.cardId === id) votes.delete(key);
  if (metaMap(doc).get('spotlight') === id) metaMap(doc).set('spotlight', null);
  return rewriteOptionsOf(doc, id, null) || had;
}

function erasePoll(entry: YEntry, id: string, question: string | undefined, texts: Readonly<Record<string, string>>): boolean {
  const options = readPoll(id, entry).options;
  const changedOptions = options.some((o) => texts[o.id] !== undefined && texts[o.id] !== o.text);
  if (changedOptions)
    entry.set(
      'options',
      options.map((o) => (texts[o.id] === undefined ? o : { ...o, text: texts[o.id] }))
    );
  return put(entry, 'question', question) || changedOptions;
}

/**
 * Writes a (checked) erasure into the document, inside the caller's transaction. A missing
 * entry is skipped (a checkpoint from before it existed). Returns whether anything changed.
 */
function writeErasure(doc: Y.Doc, e: Erasure, at: number, touch: boolean): boolean {
  switch (e.kind) {
    case 'card':
    case 'comment': {
      const entry = (e.kind === 'card' ? cardsMap(doc) : commentsMap(doc)).get(e.id);
      const copies = e.kind === 'card' && e.text !== undefined && rewriteOptionsOf(doc, e.id, e.text);
      if (!(entry instanceof Y.Map)) return copies;
      // Translations of the old text would keep it readable: they are erased with it.
      const translated = e.kind === 'card' && e.text !== undefined && entry.has(TRANSLATIONS_FIELD);
      if (translated) entry.delete(TRANSLATIONS_FIELD);
      const changed = [put(entry, 'text', e.text), put(entry, 'author', e.author)].some(Boolean) || translated;
      if (!changed && !copies) return false;
      entry.set('redactedAt', at);
      if (touch && e.kind === 'card') entry.set('updatedAt', at);
      return true;
    }
    case 'poll': {
      const entry = pollsMap(doc).get(e.id);
      if (!(entry instanceof Y.Map) || !erasePoll(entry, e.id, e.question, e.options ?? {})) return false;
      entry.set('redactedAt', at);
      return true;
    }
    case 'withdraw-card':
      return withdrawCard(doc, e.id);
    case 'withdraw-comment': {
      const had = commentsMap(doc).has(e.id);
      if (had) commentsMap(doc).delete(e.id);
      return had;
    }
    case 'poll-answer': {
      const had = pollAnswersMap(doc).has(e.id);
      if (had) pollAnswersMap(doc).delete(e.id);
      return had;
    }
    default: {
      const never: never = e;
      return never;
    }
  }
}

/** An erasure that removes an entry, so leaves a mark (below) for the other instances. */
export type Withdrawal = Extract<Erasure, { kind: 'withdraw-card' | 'withdraw-comment' | 'poll-answer' }>;
const REMOVALS: ReadonlySet<string> = new Set<Withdrawal['kind']>(['withdraw-card', 'withdraw-comment', 'poll-answer']);
const isRemoval = (e: Erasure): e is Withdrawal => REMOVALS.has(e.kind);

/** The key of a withdrawal's mark in the `erasures` root: `withdraw-card:<id>`. */
export const withdrawalKey = (e: Withdrawal): string => `${e.kind}:${e.id}`;

/** The withdrawal a key of the `erasures` root marks, or null for a key of another shape. */
export function withdrawalOf(key: string): Withdrawal | null {
  const colon = key.indexOf(':');
  const [kind, id] = [key.slice(0, colon), key.slice(colon + 1)];
  return colon > 0 && id !== '' && REMOVALS.has(kind) ? ({ kind, id } as Withdrawal) : null;
}

/**
 * How long a withdrawal's mark stays, and how many stay at most. A mark is read once, by each
 * instance, when the update that sets it arrives; a day covers any bus delay or partition the
 * anti-entropy check heals, and the cap bounds the root under a flood of withdrawals (the board
 * quota allows 30 a minute: the newest 1,000 marks span over half an hour of it). A pruned mark
 * leaves a Yjs tombstone, its key without its value, as the withdrawn card leaves its own.
 */
export const MARK_TTL_MS = 24 * 60 * 60 * 1000;
export const MAX_MARKS = 1_000;

/** Deletes the marks older than MARK_TTL_MS before `at`, then the oldest beyond MAX_MARKS. */
function pruneMarks(doc: Y.Doc, at: number): void {
  const root = erasuresMap(doc);
  const kept: [string, number][] = [];
  for (const [key, time] of root.entries()) {
    if (typeof time !== 'number' || time < at - MARK_TTL_MS) root.delete(key);
    else kept.push([key, time]);
  }
  if (kept.length <= MAX_MARKS) return;
  kept.sort((a, b) => a[1] - b[1]);
  for (const [key] of kept.slice(0, kept.length - MAX_MARKS)) root.delete(key);
}

/**
 * Checks and applies an erasure to the live document in one transaction; returns it cleaned.
 * A withdrawal leaves a mark (its key and time in the `erasures` root) in the same transaction:
 * a removed entry carries no `redactedAt`, and another instance must tell it from a removal by
 * a restore to erase its own checkpoints too (redactionsIn, docs/redaction.md). Old marks are
 * pruned in that transaction too, so the root stays bounded.
 */
export function erase(doc: Y.Doc, erasure: Erasure, origin: BoardOrigin, at = Date.now()): Erasure {
  const clean = checkErasure(doc, erasure);
  doc.transact(() => {
    writeErasure(doc, clean, at, true);
    if (isRemoval(clean)) {
      erasuresMap(doc).set(withdrawalKey(clean), at);
      pruneMarks(doc, at);
    }
  }, origin);
  return clean;
}

/**
 * A full-state update (a history checkpoint) with the erasure applied, re-encoded from a
 * garbage-collected document so the erased values are gone from the bytes. Null when there is
 * nothing to erase in it. Throws when the state does not decode, or decodes incompletely
 * (missing dependencies would be carried over verbatim by the encoder, erased values included).
 */
export function eraseInState(state: Uint8Array, erasure: Erasure, at: number): Uint8Array | null {
  const doc = new Y.Doc({ gc: true });
  try {
    Y.applyUpdate(doc, state);
    if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) throw new Error('state has missing dependencies');
    let changed = false;
    // The moment's other fields stay as they were; only the erased values and the marks change.
    doc.transact(() => (changed = writeErasure(doc, erasure, at, false)), LOCAL);
    return changed ? Y.encodeStateAsUpdate(doc) : null;
  } finally {
    doc.destroy();
  }
}
