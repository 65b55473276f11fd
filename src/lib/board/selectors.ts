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
  votesMap
} from './layout.js';
import type { BoardState, Card, CardKind, Cluster, Org, Topic } from './types.js';

const byOrder = <T extends { order: number; id: string }>(a: T, b: T): number => a.order - b.order || (a.id < b.id ? -1 : 1);

export function readBoard(doc: Y.Doc): BoardState {
  const votes = new Map<string, Set<string>>();
  for (const key of votesMap(doc).keys()) {
    const parsed = parseVoteKey(key);
    if (!parsed) continue;
    let set = votes.get(parsed.cardId);
    if (!set) votes.set(parsed.cardId, (set = new Set()));
    set.add(parsed.voterKey);
  }
  const pollVotes = new Map<string, Map<string, string[]>>();
  for (const [key, choice] of pollVotesMap(doc)) {
    const parsed = parseVoteKey(key);
    if (!parsed || !Array.isArray(choice)) continue;
    let ballots = pollVotes.get(parsed.cardId);
    if (!ballots) pollVotes.set(parsed.cardId, (ballots = new Map()));
    ballots.set(parsed.voterKey, choice.filter((o): o is string => typeof o === 'string'));
  }
  const byCreation = <T extends { createdAt: number; id: string }>(a: T, b: T): number => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1);
  return {
    meta: readMeta(doc),
    topics: [...topicsMap(doc)].map(([id, e]) => readTopic(id, e)).sort(byOrder),
    orgs: [...orgsMap(doc)].map(([id, e]) => readOrg(id, e)).sort(byOrder),
    cards: [...cardsMap(doc)].map(([id, e]) => readCard(id, e)).sort(byOrder),
    clusters: [...clustersMap(doc)].map(([id, e]) => readCluster(id, e)),
    votes,
    comments: [...commentsMap(doc)].map(([id, e]) => readComment(id, e)).sort(byCreation),
    polls: [...pollsMap(doc)].map(([id, e]) => readPoll(id, e)).sort(byCreation),
    pollVotes
  };
}

export const visibleCards = (state: BoardState): Card[] => state.cards.filter((c) => !c.hidden);
export const hiddenCards = (state: BoardState): Card[] => state.cards.filter((c) => c.hidden);

export const voteCount = (state: BoardState, cardId: string): number => state.votes.get(cardId)?.size ?? 0;
export const hasVoted = (state: BoardState, cardId: string, voterKey: string): boolean =>
  state.votes.get(cardId)?.has(voterKey) ?? false;

export const findCard = (state: BoardState, id: string | null): Card | undefined =>
  id === null ? undefined : state.cards.find((c) => c.id === id);
export const topicById = (state: BoardState, id: string | null): Topic | undefined =>
  id === null ? undefined : state.topics.find((t) => t.id === id);
export const orgById = (state: BoardState, id: string | null): Org | undefined =>
  id === null ? undefined : state.orgs.find((o) => o.id === id);

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
  for (const card of state.cards)
    if (card.clusterId === clusterId && !card.hidden) for (const v of state.votes.get(card.id) ?? []) voters.add(v);
  return voters;
}

export interface ClusterView {
  cluster: Cluster;
  cards: Card[];
  orgIds: string[];
  voters: number;
}

export function clusterViews(state: BoardState): ClusterView[] {
  return state.clusters
    .map((cluster) => {
      const cards = visibleCards(state).filter((c) => c.clusterId === cluster.id);
      const orgIds = [...new Set(cards.map((c) => c.orgId).filter((o): o is string => o !== null))];
      return { cluster, cards, orgIds, voters: clusterVoters(state, cluster.id).size };
    })
    .filter((v) => v.cards.length > 0);
}

/** Visible cards by descending votes, ties broken by age (older first). */
export function topVoted(state: BoardState, limit: number): Card[] {
  return visibleCards(state)
    .map((card) => ({ card, votes: voteCount(state, card.id) }))
    .sort((a, b) => b.votes - a.votes || a.card.createdAt - b.card.createdAt)
    .slice(0, limit)
    .map((x) => x.card);
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

/** Whether a participant may edit a card's content: its author, or the moderator. */
export const canEditCard = (card: Card, participantKey: string, isModerator: boolean): boolean =>
  isModerator || card.authorKey === participantKey;
