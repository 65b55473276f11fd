/**
 * A board command (like commands.ts, a writer of Y types): makes a document's content equal
 * to a given BoardContent by writing only the differences, in one transaction with the
 * caller's origin. Import applies it to an empty board; session restore applies an earlier
 * checkpoint to the live board, so a restore is an ordinary, undoable change.
 */
import type * as Y from 'yjs';
import type { BoardContent } from './content.js';
import {
  cardsMap,
  clustersMap,
  commentsMap,
  entryFrom,
  metaMap,
  orgsMap,
  pollAnswersMap,
  pollsMap,
  pollVoteKey,
  pollVotesMap,
  topicsMap,
  upvotesMap,
  voteKey,
  votesMap,
  type YEntry
} from './layout.js';
import type { BoardOrigin } from './origin.js';

type Fields = Record<string, unknown>;

const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

function syncFields(target: Y.Map<unknown>, fields: Fields): void {
  for (const key of [...target.keys()]) if (!(key in fields)) target.delete(key);
  for (const [key, value] of Object.entries(fields)) if (!same(target.get(key), value)) target.set(key, value);
}

function syncEntries(map: Y.Map<YEntry>, items: readonly Fields[]): void {
  const wanted = new Map(items.map((item) => [String(item.id), item]));
  for (const id of [...map.keys()]) if (!wanted.has(id)) map.delete(id);
  for (const [id, fields] of wanted) {
    const entry = map.get(id);
    if (entry) syncFields(entry, fields);
    else map.set(id, entryFrom(fields));
  }
}

/** Entries absent from `content` are removed (cards included): restore means "as it was then". */
export function applyContent(doc: Y.Doc, content: BoardContent, origin: BoardOrigin): void {
  doc.transact(() => {
    syncFields(metaMap(doc), content.meta);
    syncEntries(topicsMap(doc), content.topics as unknown as Fields[]);
    syncEntries(orgsMap(doc), content.orgs as unknown as Fields[]);
    syncEntries(clustersMap(doc), content.clusters as unknown as Fields[]);
    syncEntries(cardsMap(doc), content.cards as unknown as Fields[]);
    syncValues(votesMap(doc), new Map(content.votes.map((v) => [voteKey(v.cardId, v.voterKey), v.at])));
    syncValues(upvotesMap(doc), new Map((content.upvotes ?? []).map((v) => [voteKey(v.cardId, v.voterKey), v.at])));
    // Content from before comments and polls existed has none of them.
    syncEntries(commentsMap(doc), (content.comments ?? []) as unknown as Fields[]);
    syncEntries(pollsMap(doc), (content.polls ?? []) as unknown as Fields[]);
    syncValues(pollVotesMap(doc), new Map((content.pollVotes ?? []).map((v) => [pollVoteKey(v.pollId, v.voterKey), v.optionIds])));
    syncValues(pollAnswersMap(doc) as Y.Map<unknown>, new Map((content.pollAnswers ?? []).map((a) => [a.id, { pollId: a.pollId, text: a.text, at: a.at }])));
  }, origin);
}

function syncValues<T>(map: Y.Map<T>, wanted: ReadonlyMap<string, T>): void {
  for (const key of [...map.keys()]) if (!wanted.has(key)) map.delete(key);
  for (const [key, value] of wanted) if (!same(map.get(key), value)) map.set(key, value);
}
