/**
 * The projection of polls, poll ballots and approved poll answers (projection.ts does the card
 * roots). Kept apart from the card roots: a poll is public whatever its state, but an option
 * taken from a card the moderator hid shows no text, so the hidden card's text never reaches the
 * public doc through a poll either. Written answers reach the board document only once the
 * moderator approves them (src/lib/board/poll-answers.ts), so every entry of its pollAnswers root
 * is public; the pending ones live in the moderator-only queue document, which this never reads.
 */
import type * as Y from 'yjs';
import { entryFrom, pollAnswersMap, pollsMap, pollVotesMap, type YEntry } from '../../src/lib/board/layout.js';
import { readPollAnswer } from '../../src/lib/board/poll-answers.js';
import { isVisibleCardIn, publicOption } from '../../src/lib/board/visibility.js';
import { copyValue, plain, same } from './projection-values.js';

export interface EngagementDirty {
  polls: Set<string>;
  pollVotes: Set<string>;
  pollAnswers: Set<string>;
}

export const noEngagementDirt = (): EngagementDirty => ({ polls: new Set(), pollVotes: new Set(), pollAnswers: new Set() });

/** Files a change to the polls, pollVotes or pollAnswers roots (or inside a poll entry); false if it is none of them. */
export function collectEngagement(full: Y.Doc, type: Y.AbstractType<unknown>, keys: Set<string | null>, dirty: EngagementDirty): boolean {
  const polls = pollsMap(full) as unknown;
  if (type === polls) {
    for (const k of keys) if (k !== null) dirty.polls.add(k);
  } else if (type === (pollVotesMap(full) as unknown)) {
    for (const k of keys) if (k !== null) dirty.pollVotes.add(k);
  } else if (type === (pollAnswersMap(full) as unknown)) {
    for (const k of keys) if (k !== null) dirty.pollAnswers.add(k);
  } else {
    const item = type._item;
    if (!item || item.parent !== polls || item.parentSub === null) return false;
    dirty.polls.add(item.parentSub);
  }
  return true;
}

/** A poll's fields as the public doc shows them. */
function publicPoll(full: Y.Doc, source: YEntry): Record<string, unknown> {
  const fields = plain(source);
  if (Array.isArray(fields.options)) fields.options = fields.options.map((o: unknown) => publicOption(o, (cardId) => isVisibleCardIn(full, cardId)));
  return fields;
}

function syncFields(target: YEntry, fields: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(fields)) if (!target.has(key) || !same(target.get(key), value)) target.set(key, value);
  for (const key of [...target.keys()]) if (!(key in fields)) target.delete(key);
}

function syncPoll(full: Y.Doc, pub: Y.Doc, id: string): void {
  const source = pollsMap(full).get(id);
  const target = pollsMap(pub);
  const existing = target.get(id);
  if (!source) {
    if (existing) target.delete(id);
  } else if (!existing) target.set(id, entryFrom(publicPoll(full, source)));
  else syncFields(existing, publicPoll(full, source));
}

function syncPollVote(full: Y.Doc, pub: Y.Doc, key: string): void {
  const value = pollVotesMap(full).get(key);
  const pubVotes = pollVotesMap(pub);
  if (value === undefined) {
    if (pubVotes.has(key)) pubVotes.delete(key);
  } else if (!same(pubVotes.get(key), value)) pubVotes.set(key, copyValue(value) as string[]);
}

/** Only well-formed answers are copied, as plain `{ pollId, text, at }`. */
function syncPollAnswer(full: Y.Doc, pub: Y.Doc, id: string): void {
  const answer = readPollAnswer(id, pollAnswersMap(full).get(id));
  const target = pollAnswersMap(pub);
  const value = answer && { pollId: answer.pollId, text: answer.text, at: answer.at };
  if (!value) {
    if (target.has(id)) target.delete(id);
  } else if (!same(target.get(id), value)) target.set(id, value);
}

/** Polls citing a changed card are re-projected too: hiding or showing the card changes an option's text. */
export function applyEngagement(full: Y.Doc, pub: Y.Doc, dirty: EngagementDirty, cards: ReadonlySet<string>): void {
  if (cards.size > 0)
    for (const [id, entry] of pollsMap(full)) {
      const options = entry.get('options');
      if (Array.isArray(options) && options.some((o: { cardId?: unknown }) => typeof o?.cardId === 'string' && cards.has(o.cardId))) dirty.polls.add(id);
    }
  for (const id of dirty.polls) syncPoll(full, pub, id);
  for (const key of dirty.pollVotes) syncPollVote(full, pub, key);
  for (const id of dirty.pollAnswers) syncPollAnswer(full, pub, id);
}

export function reconcileEngagement(full: Y.Doc, pub: Y.Doc): void {
  for (const id of new Set([...pollsMap(full).keys(), ...pollsMap(pub).keys()])) syncPoll(full, pub, id);
  for (const key of new Set([...pollVotesMap(full).keys(), ...pollVotesMap(pub).keys()])) syncPollVote(full, pub, key);
  for (const id of new Set([...pollAnswersMap(full).keys(), ...pollAnswersMap(pub).keys()])) syncPollAnswer(full, pub, id);
}
