/**
 * A dossier per organization (issue 21): what the organization raised, by topic, with votes and
 * comments; the clusters it shares with other organizations; the top voted cards of the topics it
 * posted in; the questions addressed to it or asked in its topics. Always built from the public
 * content — a dossier is meant to be handed out: no hidden card or comment, no redacted text, no
 * name of a person (cards and comments are attributed to organizations only). One pass over the
 * cards into maps, then sorts: linear in the board's size up to the sorts.
 */
import { publicContent, stateFromContent } from '../../../src/lib/board/content.js';
import { cardsByCluster, visibleCards, voteCount } from '../../../src/lib/board/selectors.js';
import { listNames, orgNamesOf } from '../../../src/lib/board/synthesis.js';
import type { Card, Org } from '../../../src/lib/board/types.js';
import { labels, type ExportInput, type Label } from './context.js';

/** Top voted cards listed per topic the organization posted in. */
export const TOP_PER_TOPIC = 5;

export interface DossierCard {
  text: string;
  kindLabel: string;
  org: string;
  votes: number;
  /** Its visible comments, oldest first, each with the commenter's organization if any. */
  comments: Array<{ text: string; org: string }>;
}

export interface DossierSection {
  title: string;
  cards: DossierCard[];
}

export interface DossierCluster {
  title: string;
  /** "raised by Brno, Plzeň and Praha 14", in the reader's language. */
  raisedBy: string;
  cards: number;
  votes: number;
}

export interface Dossier {
  org: Org;
  /** Its visible cards. */
  total: number;
  own: DossierSection[];
  shared: DossierCluster[];
  topByTopic: DossierSection[];
  questions: DossierCard[];
}

export const dossierLabel = (t: Label, org: string): string => t('dossier.title', { org });

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const c of items) {
    const k = key(c);
    const list = out.get(k);
    if (list) list.push(c);
    else out.set(k, [c]);
  }
  return out;
}

export function buildDossier(input: ExportInput, orgId: string, t: Label = labels(input.lang)): Dossier | null {
  const state = stateFromContent(publicContent(input.content));
  const org = state.orgs.find((o) => o.id === orgId);
  if (!org) return null;
  const orgName = new Map(state.orgs.map((o) => [o.id, o.name]));
  const comments = groupBy(
    state.comments.filter((c) => !c.hidden),
    (c) => c.cardId
  );
  const line = (card: Card): DossierCard => ({
    text: card.text,
    kindLabel: t(`kind.${card.kind}`),
    org: (card.orgId && orgName.get(card.orgId)) || '',
    votes: voteCount(state, card.id),
    comments: (comments.get(card.id) ?? []).map((c) => ({ text: c.text, org: (c.orgId && orgName.get(c.orgId)) || '' }))
  });
  const visible = visibleCards(state);
  const byTopic = groupBy(visible, (c) => c.topicId);
  const own = visible.filter((c) => c.orgId === org.id);
  const ownTopics = new Set(own.map((c) => c.topicId));
  const topicTitle = (id: string | null): string => state.topics.find((tp) => tp.id === id)?.title ?? t('export.unsorted');
  const topics = [...state.topics.map((tp) => tp.id as string | null), null].filter((id) => ownTopics.has(id));
  const ownByTopic = groupBy(own, (c) => c.topicId);
  const byVotes = (a: Card, b: Card): number => voteCount(state, b.id) - voteCount(state, a.id) || a.createdAt - b.createdAt;
  const grouped = cardsByCluster(state);
  const shared = state.clusters
    .map((cluster) => ({ cluster, cards: grouped.get(cluster.id) ?? [] }))
    .filter(({ cards }) => cards.some((c) => c.orgId === org.id) && cards.some((c) => c.orgId !== null && c.orgId !== org.id))
    .map(({ cluster, cards }) => {
      const voters = new Set(cards.flatMap((c) => [...(state.votes.get(c.id) ?? [])]));
      const names = orgNamesOf(state, new Set(cards.map((c) => c.orgId).filter((id): id is string => id !== null)));
      return { title: cluster.title, raisedBy: t('dossier.raisedBy', { orgs: listNames(input.lang, names) }), cards: cards.length, votes: voters.size };
    })
    .sort((a, b) => b.votes - a.votes);
  const questions = visible.filter((c) => c.kind === 'question' && (c.orgId === org.id || ownTopics.has(c.topicId)));
  return {
    org,
    total: own.length,
    own: topics.map((id) => ({ title: topicTitle(id), cards: (ownByTopic.get(id) ?? []).map(line) })),
    shared,
    topByTopic: topics
      .map((id) => ({
        title: topicTitle(id),
        cards: (byTopic.get(id) ?? [])
          .filter((c) => voteCount(state, c.id) > 0)
          .sort(byVotes)
          .slice(0, TOP_PER_TOPIC)
          .map(line)
      }))
      .filter((s) => s.cards.length > 0),
    questions: questions.sort(byVotes).map(line)
  };
}
