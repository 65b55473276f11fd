/** Read-only views of a board. Pure functions over a BoardState snapshot. */
import type * as Y from 'yjs';
import {
  cardsMap,
  clustersMap,
  commentsMap,
  orgsMap,
  parseVoteKey,
  pollsMap,
  pollVotesMap,
  readCard,
  readCluster,
  readComment,
  readPoll,
  readMeta,
  readOrg,
  readTopic,
  topicsMap,
  upvotesMap,
  votesMap
} from './layout.js';
import type { BoardState, Card, CardKind, Cluster, Comment, Org, Poll, Topic } from './types.js';
import { isVisibleCard } from './visibility.js';
import { readPollAnswers } from './poll-answers.js';

const byOrder = <T extends { order: number; id: string }>(a: T, b: T): number => a.order - b.order || (a.id < b.id ? -1 : 1);

/** cardId → voter keys of a votes-like map ("<cardId>/<voterKey>" keys). */
function votersByCard(map: Y.Map<number>): Map<string, Set<string>> {
  const byCard = new Map<string, Set<string>>();
  for (const key of map.keys()) {
    const parsed = parseVoteKey(key);
    if (!parsed) continue;
    let set = byCard.get(parsed.cardId);
    if (!set) byCard.set(parsed.cardId, (set = new Set()));
    set.add(parsed.voterKey);
  }
  return byCard;
}

/** The whole board; `cards` (unsorted) when the caller already read them, e.g. with a CardReader. */
export function readBoard(doc: Y.Doc, cards?: Card[]): BoardState {
  const votes = votersByCard(votesMap(doc));
  const pollVotes = new Map<string, Map<string, string[]>>();
  for (const [key, choice] of pollVotesMap(doc)) {
    const parsed = parseVoteKey(key);
    if (!parsed || !Array.isArray(choice)) continue;
    let ballots = pollVotes.get(parsed.cardId);
    if (!ballots) pollVotes.set(parsed.cardId, (ballots = new Map()));
    ballots.set(
      parsed.voterKey,
      choice.filter((o): o is string => typeof o === 'string')
    );
  }
  const byCreation = <T extends { createdAt: number; id: string }>(a: T, b: T): number => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1);
  return {
    meta: readMeta(doc),
    topics: [...topicsMap(doc)].map(([id, e]) => readTopic(id, e)).sort(byOrder),
    orgs: [...orgsMap(doc)].map(([id, e]) => readOrg(id, e)).sort(byOrder),
    cards: (cards ?? [...cardsMap(doc)].map(([id, e]) => readCard(id, e))).sort(byOrder),
    clusters: [...clustersMap(doc)].map(([id, e]) => readCluster(id, e)),
    votes,
    upvotes: votersByCard(upvotesMap(doc)),
    comments: [...commentsMap(doc)].map(([id, e]) => readComment(id, e)).sort(byCreation),
    polls: [...pollsMap(doc)].map(([id, e]) => readPoll(id, e)).sort(byCreation),
    pollVotes,
    pollAnswers: readPollAnswers(doc)
  };
}

/**
 * `next`, with the previous snapshot's object kept for every card whose fields are all equal:
 * a view keyed by card then updates only the cards that changed, not every card per update.
 */
export function keepUnchangedCards(previous: BoardState | null, next: BoardState): BoardState {
  if (!previous) return next;
  const before = new Map(previous.cards.map((c) => [c.id, c]));
  const cards = next.cards.map((card) => {
    const old = before.get(card.id);
    return old && (old === card || sameCard(old, card)) ? old : card;
  });
  return { ...next, cards };
}

/** Equal fields, and the same fields: an optional one (answeredAt, translations) may come or go. */
const sameCard = (a: Card, b: Card): boolean => {
  const keys = Object.keys(b) as (keyof Card)[];
  return keys.length === Object.keys(a).length && keys.every((k) => a[k] === b[k]);
};

export const visibleCards = (state: BoardState): Card[] => state.cards.filter((c) => isVisibleCard(c));
export const hiddenCards = (state: BoardState): Card[] => state.cards.filter((c) => !isVisibleCard(c));

export const voteCount = (state: BoardState, cardId: string): number => state.votes.get(cardId)?.size ?? 0;
export const hasVoted = (state: BoardState, cardId: string, voterKey: string): boolean => state.votes.get(cardId)?.has(voterKey) ?? false;

export const findCard = (state: BoardState, id: string | null): Card | undefined => (id === null ? undefined : state.cards.find((c) => c.id === id));
/** The card if it is visible (V1). */
export function findVisibleCard(state: BoardState, id: string | null): Card | undefined {
  const card = findCard(state, id);
  return isVisibleCard(card) ? card : undefined;
}
export const topicById = (state: BoardState, id: string | null): Topic | undefined => (id === null ? undefined : state.topics.find((t) => t.id === id));
export const orgById = (state: BoardState, id: string | null): Org | undefined => (id === null ? undefined : state.orgs.find((o) => o.id === id));

export interface Column {
  topic: Topic | null;
  cards: Card[];
}

/** Visible cards by topic column, in topic order; cards without a known topic go to a trailing "unsorted" column. */
export function columns(state: BoardState, cards: readonly Card[] = visibleCards(state)): Column[] {
  const known = new Set(state.topics.map((t) => t.id));
  const result: Column[] = state.topics.map((topic) => ({ topic, cards: cards.filter((c) => c.topicId === topic.id) }));
  const unsorted = cards.filter((c) => c.topicId === null || !known.has(c.topicId));
  if (unsorted.length > 0) result.push({ topic: null, cards: unsorted });
  return result;
}

/** Distinct voters of a cluster: a participant who voted for several of its cards counts once. */
export function clusterVoters(state: BoardState, clusterId: string): Set<string> {
  const voters = new Set<string>();
  for (const card of state.cards) if (card.clusterId === clusterId && isVisibleCard(card)) for (const v of state.votes.get(card.id) ?? []) voters.add(v);
  return voters;
}

export interface ClusterView {
  cluster: Cluster;
  /** Every visible card of the cluster: clustering keeps the original cards. */
  cards: Card[];
  /** Distinct organizations of those cards: "raised by N organizations". */
  orgIds: string[];
  /** Distinct voters (clusterVoters). */
  voters: number;
}

const distinctOrgs = (cards: readonly Card[]): string[] => [...new Set(cards.map((c) => c.orgId).filter((o): o is string => o !== null))];

/** Visible cards by cluster id, in one pass over the cards (a board may hold thousands). */
export function cardsByCluster(state: BoardState): Map<string, Card[]> {
  const byCluster = new Map<string, Card[]>();
  for (const card of state.cards) {
    if (card.clusterId === null || !isVisibleCard(card)) continue;
    const list = byCluster.get(card.clusterId);
    if (list) list.push(card);
    else byCluster.set(card.clusterId, [card]);
  }
  return byCluster;
}

const votersOf = (state: BoardState, cards: readonly Card[]): number => {
  const voters = new Set<string>();
  for (const card of cards) for (const v of state.votes.get(card.id) ?? []) voters.add(v);
  return voters.size;
};

export function clusterViews(state: BoardState): ClusterView[] {
  const grouped = cardsByCluster(state);
  const views: ClusterView[] = [];
  for (const cluster of state.clusters) {
    const cards = grouped.get(cluster.id);
    if (cards) views.push({ cluster, cards, orgIds: distinctOrgs(cards), voters: votersOf(state, cards) });
  }
  return views;
}

/** One line of a ranking: a card on its own, or a whole cluster. */
export interface RankedEntry {
  /** The card that stands for the entry: the card itself, or the cluster's most voted card (older first on a tie). */
  card: Card;
  cluster: Cluster | null;
  /** The entry's visible cards: [card], or every card of the cluster. */
  cards: Card[];
  orgIds: string[];
  /** Distinct voters: a participant who voted for several cards of a cluster counts once. */
  votes: number;
}

const oldestFirst = (a: Card, b: Card): number => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1);

/**
 * Every visible card ranked by votes, a cluster as one entry counted by its distinct voters
 * (never the sum of its cards' votes); ties go to the older entry.
 */
export function rankedEntries(state: BoardState): RankedEntry[] {
  const clusters = new Map(state.clusters.map((c) => [c.id, c]));
  const grouped = new Map<string, Card[]>();
  const entries: RankedEntry[] = [];
  for (const card of visibleCards(state)) {
    const cluster = card.clusterId === null ? undefined : clusters.get(card.clusterId);
    const list = cluster && grouped.get(cluster.id);
    if (!cluster) entries.push({ card, cluster: null, cards: [card], orgIds: distinctOrgs([card]), votes: voteCount(state, card.id) });
    else if (list) list.push(card);
    else grouped.set(cluster.id, [card]);
  }
  for (const [id, cards] of grouped) {
    const sorted = [...cards].sort((a, b) => voteCount(state, b.id) - voteCount(state, a.id) || oldestFirst(a, b));
    entries.push({ card: sorted[0], cluster: clusters.get(id) ?? null, cards, orgIds: distinctOrgs(cards), votes: votersOf(state, cards) });
  }
  const firstAt = new Map(entries.map((e) => [e, e.cards.reduce((min, c) => Math.min(min, c.createdAt), Infinity)]));
  const since = (e: RankedEntry): number => firstAt.get(e) ?? 0;
  return entries.sort((a, b) => b.votes - a.votes || since(a) - since(b) || oldestFirst(a.card, b.card));
}

/** The `limit` best entries that have at least one vote: a card nobody voted for is not "top voted". */
export const topEntries = (state: BoardState, limit: number): RankedEntry[] =>
  rankedEntries(state)
    .filter((e) => e.votes > 0)
    .slice(0, limit);

/**
 * The top voted cards, one per voted entry of `rankedEntries`: a cluster appears once, by its
 * most voted card, ranked by its distinct voters (show `rankVotes` beside it).
 */
export const topVoted = (state: BoardState, limit: number): Card[] => topEntries(state, limit).map((e) => e.card);

/** The votes a card ranks by: its cluster's distinct voters when it is clustered, else its own. */
export function rankVotes(state: BoardState, card: Card): number {
  const clusterId = card.clusterId;
  if (clusterId !== null && state.clusters.some((c) => c.id === clusterId)) return clusterVoters(state, clusterId).size;
  return voteCount(state, card.id);
}

export interface Matrix {
  orgs: Org[];
  topics: Topic[];
  /** cells[orgIndex][topicIndex] = visible cards of that org in that topic. */
  cells: Card[][][];
}

/** Organizations × topics: which city or district reports what. */
export function matrix(state: BoardState): Matrix {
  const orgIndex = new Map(state.orgs.map((o, i) => [o.id, i]));
  const topicIndex = new Map(state.topics.map((t, i) => [t.id, i]));
  const cells = state.orgs.map(() => state.topics.map((): Card[] => []));
  for (const card of visibleCards(state)) {
    const oi = card.orgId === null ? undefined : orgIndex.get(card.orgId);
    const ti = card.topicId === null ? undefined : topicIndex.get(card.topicId);
    if (oi !== undefined && ti !== undefined) cells[oi][ti].push(card);
  }
  return { orgs: state.orgs, topics: state.topics, cells };
}

export function countByKind(cards: readonly Card[]): Record<CardKind, number> {
  const counts: Record<CardKind, number> = { weakness: 0, pitfall: 0, 'good-practice': 0, question: 0, proposal: 0 };
  for (const c of cards) counts[c.kind] += 1;
  return counts;
}

// ---- Polls -------------------------------------------------------------------------------

export const findPoll = (state: BoardState, id: string | null): Poll | undefined => (id === null ? undefined : state.polls.find((p) => p.id === id));

/** The poll the moderator shows (meta.activePoll), if it exists. */
export const activePoll = (state: BoardState): Poll | undefined => findPoll(state, state.meta.activePoll);

/** The comments not hidden, by the card they are on, oldest first. */
export function visibleCommentsByCard(board: BoardState): Map<string, Comment[]> {
  const byCard = new Map<string, Comment[]>();
  for (const c of board.comments) {
    if (c.hidden) continue;
    const list = byCard.get(c.cardId);
    if (list) list.push(c);
    else byCard.set(c.cardId, [c]);
  }
  return byCard;
}
