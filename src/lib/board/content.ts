/**
 * A board's complete content as plain data: what JSON export writes, what import and restore
 * apply back (restore.ts), and what session replay reads from a history checkpoint. Unlike
 * BoardState it keeps the raw meta map, so fields added later survive a round trip.
 */
import * as Y from 'yjs';
import {
  cardsMap,
  clustersMap,
  commentsMap,
  metaMap,
  orgsMap,
  parseVoteKey,
  pollAnswersMap,
  pollsMap,
  pollVotesMap,
  readCard,
  readCluster,
  readComment,
  readMeta,
  readOrg,
  readPoll,
  readTopic,
  topicsMap,
  upvotesMap,
  votesMap,
  type YEntry
} from './layout.js';
import { readPollAnswers } from './poll-answers.js';
import type { BoardState, Card, Cluster, Comment, Org, Poll, PollAnswer, Topic } from './types.js';
import { isVisibleCard, isVisibleComment, publicOption } from './visibility.js';

export interface VoteRecord {
  cardId: string;
  /** Pseudonymous participant key (identity.ts), never a device id. */
  voterKey: string;
  /** Epoch ms of the vote. */
  at: number;
}

export interface BoardContent {
  /** The raw meta map (title, locked, spotlight, projector, timer, style fields, schema…). */
  meta: Record<string, unknown>;
  topics: Topic[];
  orgs: Org[];
  clusters: Cluster[];
  /** Every card, hidden ones included (flagged `hidden: true`). */
  cards: Card[];
  votes: VoteRecord[];
  /** Upvotes of questions (questions.ts). Absent in exports made before Q&A existed. */
  upvotes?: VoteRecord[];
  /** Every comment, hidden ones included. Absent in exports made before comments existed. */
  comments?: Comment[];
  polls?: Poll[];
  pollVotes?: PollVoteRecord[];
  /** Approved free-text answers (pending ones live in the queue document only). */
  pollAnswers?: PollAnswer[];
}

export interface PollVoteRecord {
  pollId: string;
  voterKey: string;
  optionIds: string[];
}

const byOrder = <T extends { order: number; id: string }>(a: T, b: T): number => a.order - b.order || (a.id < b.id ? -1 : 1);
const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The entries of a root map that are maps. Any writer can put a string, a number or an array
 * where an entry belongs; an export or a replay skips it instead of failing for everyone.
 */
function entries(map: Y.Map<YEntry>): Array<[string, YEntry]> {
  const out: Array<[string, YEntry]> = [];
  for (const [id, entry] of map as Y.Map<unknown>) if (entry instanceof Y.Map) out.push([id, entry as YEntry]);
  return out;
}

/** The records of a votes-like map ("<cardId>/<voterKey>" → epoch ms), by card then voter. */
function voteRecords(map: Y.Map<number>): VoteRecord[] {
  const records: VoteRecord[] = [];
  for (const [key, at] of map) {
    const parsed = parseVoteKey(key);
    if (parsed) records.push({ ...parsed, at: typeof at === 'number' && Number.isFinite(at) ? at : 0 });
  }
  return records.sort((a, b) => (a.cardId === b.cardId ? (a.voterKey < b.voterKey ? -1 : 1) : a.cardId < b.cardId ? -1 : 1));
}

/** cardId → voter keys of vote records. */
function votersOf(records: readonly VoteRecord[]): Map<string, Set<string>> {
  const byCard = new Map<string, Set<string>>();
  for (const v of records) {
    let set = byCard.get(v.cardId);
    if (!set) byCard.set(v.cardId, (set = new Set()));
    set.add(v.voterKey);
  }
  return byCard;
}

export function readContent(doc: Y.Doc): BoardContent {
  const pollVotes: PollVoteRecord[] = [];
  for (const [key, optionIds] of pollVotesMap(doc)) {
    const parsed = parseVoteKey(key);
    if (parsed && Array.isArray(optionIds))
      pollVotes.push({ pollId: parsed.cardId, voterKey: parsed.voterKey, optionIds: optionIds.filter((o): o is string => typeof o === 'string') });
  }
  pollVotes.sort((a, b) => (a.pollId === b.pollId ? (a.voterKey < b.voterKey ? -1 : 1) : a.pollId < b.pollId ? -1 : 1));
  const byCreation = <T extends { createdAt: number; id: string }>(a: T, b: T): number => a.createdAt - b.createdAt || byId(a, b);
  return {
    meta: metaMap(doc).toJSON() as Record<string, unknown>,
    topics: entries(topicsMap(doc))
      .map(([id, e]) => readTopic(id, e))
      .sort(byOrder),
    orgs: entries(orgsMap(doc))
      .map(([id, e]) => readOrg(id, e))
      .sort(byOrder),
    clusters: entries(clustersMap(doc))
      .map(([id, e]) => readCluster(id, e))
      .sort(byId),
    cards: entries(cardsMap(doc))
      .map(([id, e]) => readCard(id, e))
      .sort(byCreation),
    votes: voteRecords(votesMap(doc)),
    upvotes: voteRecords(upvotesMap(doc)),
    comments: entries(commentsMap(doc))
      .map(([id, e]) => readComment(id, e))
      .sort(byCreation),
    polls: entries(pollsMap(doc))
      .map(([id, e]) => readPoll(id, e))
      .sort(byCreation),
    pollVotes,
    pollAnswers: [...readPollAnswers(doc).values()].flat()
  };
}

/** Cards and comments hidden on the live board: a public replay of any moment leaves them out too. */
export interface HiddenNow {
  cards: readonly string[];
  comments: readonly string[];
  /** The written poll answers on the board now: one approved then but rejected since is left out. */
  answersNow?: readonly string[];
}

/** The ids of the cards and comments hidden in a document now, and of the poll answers it shows. */
export function hiddenNow(doc: Y.Doc): HiddenNow {
  const hidden = (map: Y.Map<YEntry>): string[] => entries(map).flatMap(([id, e]) => (e.get('hidden') === true ? [id] : []));
  return { cards: hidden(cardsMap(doc)), comments: hidden(commentsMap(doc)), answersNow: [...pollAnswersMap(doc).keys()] };
}

/** A name shows on the public outputs only with its author's consent; otherwise only the organization does (docs/privacy.md §5). */
const withConsentedName = <T extends { author: string; nameConsent: boolean }>(x: T): T => (x.nameConsent || x.author === '' ? x : { ...x, author: '' });

/**
 * What the public may see of the content (visibility.ts V1–V4, as in the public document,
 * server/board/projection.ts), without clusters left empty or a spotlight on a hidden card.
 * `alsoHidden`: what is hidden now, for a moment of the past (a card hidden later is out of
 * every public replay). Authors' names stay only where the author agreed (`nameConsent`).
 */
export function publicContent(content: BoardContent, alsoHidden: HiddenNow = { cards: [], comments: [] }): BoardContent {
  const hiddenCards = new Set(alsoHidden.cards);
  const hiddenComments = new Set(alsoHidden.comments);
  const answersNow = alsoHidden.answersNow && new Set(alsoHidden.answersNow);
  const cards = content.cards.filter((c) => isVisibleCard({ hidden: c.hidden || hiddenCards.has(c.id) })).map(withConsentedName);
  const ids = new Set(cards.map((c) => c.id));
  const visible = (cardId: string): boolean => ids.has(cardId);
  const usedClusters = new Set(cards.map((c) => c.clusterId));
  const meta = { ...content.meta };
  if (typeof meta.spotlight === 'string' && !visible(meta.spotlight)) meta.spotlight = null;
  return {
    meta,
    topics: content.topics,
    orgs: content.orgs,
    clusters: content.clusters.filter((c) => usedClusters.has(c.id)),
    cards,
    votes: content.votes.filter((v) => visible(v.cardId)),
    upvotes: (content.upvotes ?? []).filter((v) => visible(v.cardId)),
    comments: (content.comments ?? []).filter((c) => isVisibleComment({ hidden: c.hidden || hiddenComments.has(c.id), cardId: c.cardId }, visible)).map(withConsentedName),
    polls: (content.polls ?? []).map((p) => ({ ...p, options: p.options.map((o) => publicOption(o, visible)) })),
    pollVotes: content.pollVotes ?? [],
    pollAnswers: (content.pollAnswers ?? []).filter((a) => !answersNow || answersNow.has(a.id))
  };
}

/** The BoardState view of plain content, for the same selectors the live board uses. */
/** Reads meta from a plain record with the same tolerant reader as the live doc (it only calls `get`). */
export const metaFromRecord = (meta: Record<string, unknown>): BoardState['meta'] => readMeta({ getMap: () => new Map(Object.entries(meta)) } as unknown as Y.Doc);

function answersByPoll(answers: readonly PollAnswer[]): Map<string, PollAnswer[]> {
  const byPoll = new Map<string, PollAnswer[]>();
  for (const a of answers) {
    const list = byPoll.get(a.pollId);
    if (list) list.push(a);
    else byPoll.set(a.pollId, [a]);
  }
  return byPoll;
}

export function stateFromContent(content: BoardContent): BoardState {
  const pollVotes = new Map<string, Map<string, string[]>>();
  for (const v of content.pollVotes ?? []) {
    let ballots = pollVotes.get(v.pollId);
    if (!ballots) pollVotes.set(v.pollId, (ballots = new Map()));
    ballots.set(v.voterKey, v.optionIds);
  }
  return {
    meta: metaFromRecord(content.meta),
    topics: [...content.topics].sort(byOrder),
    orgs: [...content.orgs].sort(byOrder),
    cards: [...content.cards].sort(byOrder),
    clusters: content.clusters,
    votes: votersOf(content.votes),
    upvotes: votersOf(content.upvotes ?? []),
    comments: content.comments ?? [],
    polls: content.polls ?? [],
    pollVotes,
    pollAnswers: answersByPoll(content.pollAnswers ?? [])
  };
}
