/**
 * Audience participation commands (writers of Y types, like commands.ts): dot votes within
 * the board's budget, resetting votes, reactions' checks, polls and poll votes. Each writes in
 * one transaction with the caller's origin and validates first, throwing BoardError.
 *
 * Votes of either kind are filed under a voter key (identity.ts `voterKey`), never under a
 * participant key, so a card's authorKey cannot be linked to its author's votes.
 */
import type * as Y from 'yjs';
import { BoardError } from './errors.js';
import { newId } from './ids.js';
import { cardsMap, entryFrom, metaMap, parseVoteKey, pollsMap, pollVoteKey, pollVotesMap, readPoll, readSettings, votedCardOf, voteKey, votesMap, type YEntry } from './layout.js';
import type { BoardOrigin } from './origin.js';
import { isTextPoll, MAX_POLL_OPTION, MAX_POLL_OPTIONS, MAX_POLL_QUESTION, SCALE_MAXES, type Poll, type PollKind, type PollOption, type Reaction } from './types.js';
import { isVisibleCardIn } from './visibility.js';

/** Throws 'not-found' unless the card is visible (V1): only visible cards take votes or poll options. */
function visibleCard(doc: Y.Doc, cardId: string): void {
  if (!isVisibleCardIn(doc, cardId)) throw new BoardError('not-found', `No card ${cardId}`);
}

// ---- Dot votes ---------------------------------------------------------------------------

/**
 * The votes a voter holds on visible cards: what the budget counts. A vote on a card the
 * moderator hid is out of sight (the public document drops it), so it no longer costs a dot.
 */
export function votesHeld(doc: Y.Doc, voterKey: string): number {
  let held = 0;
  for (const key of votesMap(doc).keys()) {
    const cardId = votedCardOf(key, voterKey);
    if (cardId !== null && isVisibleCardIn(doc, cardId)) held += 1;
  }
  return held;
}

/** Casts a vote unless it is cast already; beyond the board's budget it throws 'budget-exhausted'. */
export function castVote(doc: Y.Doc, cardId: string, voterKey: string, origin: BoardOrigin, now = Date.now()): void {
  visibleCard(doc, cardId);
  const key = voteKey(cardId, voterKey);
  const votes = votesMap(doc);
  if (votes.has(key)) return;
  const budget = readSettings(metaMap(doc)).voteBudget;
  if (budget !== null && votesHeld(doc, voterKey) >= budget)
    throw new BoardError('budget-exhausted', `All ${budget} of your votes on this board are cast; take one back to vote for this card`);
  doc.transact(() => votes.set(key, now), origin);
}

/** Takes a vote back; always allowed, whatever the budget. Returns whether there was one. */
export function withdrawVote(doc: Y.Doc, cardId: string, voterKey: string, origin: BoardOrigin): boolean {
  visibleCard(doc, cardId);
  const key = voteKey(cardId, voterKey);
  const votes = votesMap(doc);
  if (!votes.has(key)) return false;
  doc.transact(() => votes.delete(key), origin);
  return true;
}

/** Toggles one voter's vote on a visible card (within the budget); returns whether it is now cast. */
export function toggleVote(doc: Y.Doc, cardId: string, voterKey: string, origin: BoardOrigin, now = Date.now()): boolean {
  visibleCard(doc, cardId);
  if (votesMap(doc).has(voteKey(cardId, voterKey))) return !withdrawVote(doc, cardId, voterKey, origin);
  castVote(doc, cardId, voterKey, origin, now);
  return true;
}

/** Removes every vote on the board, or every vote on one card (hidden or not); returns how many. */
export function resetVotes(doc: Y.Doc, cardId: string | null, origin: BoardOrigin): number {
  if (cardId !== null && !cardsMap(doc).has(cardId)) throw new BoardError('not-found', `No card ${cardId}`);
  const votes = votesMap(doc);
  const doomed = [...votes.keys()].filter((key) => cardId === null || parseVoteKey(key)?.cardId === cardId);
  if (doomed.length > 0) doc.transact(() => doomed.forEach((key) => votes.delete(key)), origin);
  return doomed.length;
}

// ---- Reactions ---------------------------------------------------------------------------

/**
 * Checks a reaction against the board and names its target: 'board', or the id of the card in
 * the spotlight. Reactions are not stored; the server only counts them (server/board/reactions.ts).
 */
export function reactionTarget(doc: Y.Doc, emoji: Reaction, target: 'board' | 'spotlight'): string {
  if (!readSettings(metaMap(doc)).reactions.includes(emoji)) throw new BoardError('disabled', `The reaction ${emoji} is not offered on this board`);
  if (target === 'board') return 'board';
  const spotlight = metaMap(doc).get('spotlight');
  if (typeof spotlight !== 'string' || !cardsMap(doc).has(spotlight)) throw new BoardError('invalid', 'No card is in the spotlight; react to the board instead');
  return spotlight;
}

// ---- Polls -------------------------------------------------------------------------------

export interface NewPoll {
  question: string;
  /** Default 'choice'. */
  kind?: PollKind;
  /** A scale's top point (scale polls only; default 5). */
  scaleMax?: number;
  /** Choice polls only: whether a ballot may name several options. */
  multiple: boolean;
  /** Typed options have cardId null; options taken from cards name the card. */
  options: ReadonlyArray<{ text: string; cardId: string | null }>;
}

export function cleanPollText(text: string, max: number, what: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length === 0) throw new BoardError('invalid', `${what} is empty`);
  if (t.length > max) throw new BoardError('too-long', `${what} exceeds ${max} characters`);
  return t;
}

function pollEntry(doc: Y.Doc, pollId: string): YEntry {
  const entry = pollsMap(doc).get(pollId);
  if (!entry) throw new BoardError('not-found', `No poll ${pollId}`);
  return entry;
}

/** A choice poll's options as given, checked; the cited cards must be visible. */
function choiceOptions(doc: Y.Doc, input: NewPoll): PollOption[] {
  if (input.options.length < 2 || input.options.length > MAX_POLL_OPTIONS) throw new BoardError('invalid', `A poll has 2–${MAX_POLL_OPTIONS} options`);
  const cardIds = input.options.map((o) => o.cardId).filter((c): c is string => c !== null);
  if (new Set(cardIds).size !== cardIds.length) throw new BoardError('invalid', 'The same card is offered twice');
  for (const cardId of cardIds) visibleCard(doc, cardId);
  return input.options.map((o, i) => ({ id: `o${i + 1}`, text: cleanPollText(o.text, MAX_POLL_OPTION, `Option ${i + 1}`), cardId: o.cardId }));
}

/** The options of a new poll of any kind: a scale's are its points ("1" … "5" or "10"), a text poll has none. */
function pollOptions(doc: Y.Doc, kind: PollKind, input: NewPoll): PollOption[] {
  if (kind === 'choice') return choiceOptions(doc, input);
  if (input.options.length > 0) throw new BoardError('invalid', `A ${kind} poll takes no options`);
  if (kind !== 'scale') return [];
  const max = input.scaleMax ?? 5;
  if (!(SCALE_MAXES as readonly number[]).includes(max)) throw new BoardError('invalid', `A scale goes from 1 to ${SCALE_MAXES.join(' or ')}`);
  return Array.from({ length: max }, (_, i) => ({ id: `o${i + 1}`, text: String(i + 1), cardId: null }));
}

/** Creates an open poll and shows it (meta.activePoll). Options get the ids o1…oN. */
export function createPoll(doc: Y.Doc, input: NewPoll, origin: BoardOrigin, now = Date.now()): string {
  const question = cleanPollText(input.question, MAX_POLL_QUESTION, 'The question');
  const kind = input.kind ?? 'choice';
  const options = pollOptions(doc, kind, input);
  const multiple = kind === 'choice' && input.multiple;
  // Random, not sequential: two instances creating a poll at once must not pick the same id.
  const id = newId(8);
  doc.transact(() => {
    pollsMap(doc).set(id, entryFrom({ id, question, kind, multiple, options, open: true, createdAt: now, closedAt: null } satisfies Poll));
    metaMap(doc).set('activePoll', id);
  }, origin);
  return id;
}

/** Stops voting; the results stay (and stay shown if the poll is active). Closing twice keeps the first time. */
export function closePoll(doc: Y.Doc, pollId: string, origin: BoardOrigin, now = Date.now()): void {
  const entry = pollEntry(doc, pollId);
  if (entry.get('open') !== true) return;
  doc.transact(() => {
    entry.set('open', false);
    entry.set('closedAt', now);
  }, origin);
}

/** Sets the poll the projector and the audience see, or none (null). */
export function showPoll(doc: Y.Doc, pollId: string | null, origin: BoardOrigin): void {
  if (pollId !== null) pollEntry(doc, pollId);
  doc.transact(() => metaMap(doc).set('activePoll', pollId), origin);
}

/**
 * Records a voter's choice on an open poll, replacing any earlier one: exactly one option on a
 * single-choice poll, distinct known options on a multiple-choice one.
 */
export function votePoll(doc: Y.Doc, pollId: string, voterKey: string, optionIds: readonly string[], origin: BoardOrigin): void {
  const poll = readPoll(pollId, pollEntry(doc, pollId));
  if (!poll.open) throw new BoardError('disabled', 'This poll is closed');
  if (isTextPoll(poll.kind)) throw new BoardError('invalid', 'This poll takes a written answer, not a choice');
  const chosen = new Set(optionIds);
  if (chosen.size !== optionIds.length) throw new BoardError('invalid', 'An option is chosen twice');
  const known = new Set(poll.options.map((o) => o.id));
  const unknown = optionIds.find((o) => !known.has(o));
  if (unknown !== undefined) throw new BoardError('invalid', `This poll has no option ${unknown}`);
  if (chosen.size === 0) throw new BoardError('invalid', 'Choose an option');
  if (!poll.multiple && chosen.size !== 1) throw new BoardError('invalid', 'This poll takes exactly one choice');
  // In the poll's order, so a ballot reads the same whatever order the options were tapped in.
  const ballot = poll.options.filter((o) => chosen.has(o.id)).map((o) => o.id);
  const key = pollVoteKey(pollId, voterKey);
  const previous = pollVotesMap(doc).get(key);
  if (Array.isArray(previous) && previous.join('\n') === ballot.join('\n')) return;
  doc.transact(() => pollVotesMap(doc).set(key, ballot), origin);
}
