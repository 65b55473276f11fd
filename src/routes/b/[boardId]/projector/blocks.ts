/**
 * What the projector lays out, as a flat list of blocks in reading order: a topic heading, a
 * card, or a stack of one cluster's cards. The pager measures each block once and flows them
 * into columns and pages. Pure; the same list for every mode.
 */
import { questionList } from '../../../../lib/board/question-list.js';
import { columns, rankVotes, topEntries, visibleCards, voteCount } from '../../../../lib/board/selectors.js';
import type { BoardState, Card, Cluster, Org } from '../../../../lib/board/types.js';

export interface CardItem {
  card: Card;
  org: string | undefined;
  votes: number;
  rank?: number;
  /** A question's upvotes (questions mode): shown instead of its dot votes. */
  upvotes?: number;
}

export type Block =
  | { kind: 'topic'; key: string; title: string | null; count: number }
  | { kind: 'card'; key: string; item: CardItem; cluster?: string }
  | { kind: 'stack'; key: string; cluster: Cluster; cards: number; orgs: number; items: CardItem[] };

export type ProjectorView =
  { mode: 'board' } | { mode: 'topic'; topicId: string } | { mode: 'org'; orgId: string } | { mode: 'top'; limit: number } | { mode: 'matrix' } | { mode: 'questions' };

/** A stack shows at most this many cards per block, so no block outgrows a column. */
export const STACK_CHUNK = 3;

const orgName = (orgs: ReadonlyMap<string, Org>, id: string | null): string | undefined => (id === null ? undefined : orgs.get(id)?.name);

/** Cards in order, a cluster's cards gathered into stacks where its first card stands. */
function flow(board: BoardState, cards: readonly Card[], scope: string, item: (c: Card) => CardItem): Block[] {
  const clusters = new Map(board.clusters.map((c) => [c.id, c]));
  const members = new Map<string, Card[]>();
  for (const c of cards) {
    if (c.clusterId === null || !clusters.has(c.clusterId)) continue;
    const group = members.get(c.clusterId);
    if (group) group.push(c);
    else members.set(c.clusterId, [c]);
  }
  const blocks: Block[] = [];
  for (const card of cards) {
    const cluster = card.clusterId === null ? undefined : clusters.get(card.clusterId);
    const group = cluster ? members.get(cluster.id) : undefined;
    if (!cluster || !group || group.length < 2) {
      blocks.push({ kind: 'card', key: `card:${card.id}`, item: item(card) });
      continue;
    }
    if (group[0] !== card) continue;
    const orgs = new Set(group.map((c) => c.orgId).filter((o) => o !== null)).size;
    for (let i = 0; i < group.length; i += STACK_CHUNK) {
      const items = group.slice(i, i + STACK_CHUNK).map(item);
      blocks.push({ kind: 'stack', key: `stack:${scope}:${cluster.id}:${i}`, cluster, cards: group.length, orgs, items });
    }
  }
  return blocks;
}

/** Each mode keys its blocks apart: a card measured in one mode's layout is measured again in another's. */
export function projectorBlocks(board: BoardState, view: ProjectorView): Block[] {
  return modeBlocks(board, view).map((b) => ({ ...b, key: `${view.mode}/${b.key}` }));
}

function modeBlocks(board: BoardState, view: ProjectorView): Block[] {
  const orgs = new Map(board.orgs.map((o) => [o.id, o]));
  const item = (card: Card): CardItem => ({ card, org: orgName(orgs, card.orgId), votes: voteCount(board, card.id) });
  const visible = visibleCards(board);
  switch (view.mode) {
    case 'board':
      return columns(board, visible).flatMap((col) => {
        const id = col.topic?.id ?? '-';
        const heading: Block = { kind: 'topic', key: `topic:${id}`, title: col.topic?.title ?? null, count: col.cards.length };
        return [heading, ...flow(board, col.cards, id, item)];
      });
    case 'topic':
      return flow(
        board,
        visible.filter((c) => c.topicId === view.topicId),
        view.topicId,
        item
      );
    case 'org':
      return flow(
        board,
        visible.filter((c) => c.orgId === view.orgId),
        view.orgId,
        item
      );
    case 'top':
      return topEntries(board, view.limit).map((e, i) => ({
        kind: 'card',
        key: `card:${e.card.id}`,
        item: { card: e.card, org: orgName(orgs, e.card.orgId), votes: rankVotes(board, e.card), rank: i + 1 },
        cluster: e.cluster ? e.cluster.title : undefined
      }));
    case 'matrix':
      return [];
    case 'questions':
      // Slido's presenter view: the unanswered questions, most upvoted first; answered ones leave.
      // Ranked like the top list: the columns read down, so the number tells the order.
      return questionList(board).open.map((e, i) => ({
        kind: 'card',
        key: `card:${e.card.id}`,
        item: { card: e.card, org: orgName(orgs, e.card.orgId), votes: voteCount(board, e.card.id), upvotes: e.upvotes, rank: i + 1 }
      }));
  }
}

/** Glue: a heading stays with the block after it, unless its topic is empty. */
export const glued = (b: Block): boolean => b.kind === 'topic' && b.count > 0;

/** The card ids a block shows. */
export const blockCards = (b: Block): string[] => (b.kind === 'card' ? [b.item.card.id] : b.kind === 'stack' ? b.items.map((i) => i.card.id) : []);

const sameItem = (a: CardItem, b: CardItem): boolean => a.card === b.card && a.org === b.org && a.votes === b.votes && a.rank === b.rank && a.upvotes === b.upvotes;

function same(a: Block, b: Block): boolean {
  if (a.kind === 'topic' && b.kind === 'topic') return a.title === b.title && a.count === b.count;
  if (a.kind === 'card' && b.kind === 'card') return a.cluster === b.cluster && sameItem(a.item, b.item);
  if (a.kind === 'stack' && b.kind === 'stack')
    return (
      a.cluster.id === b.cluster.id &&
      a.cluster.title === b.cluster.title &&
      a.cards === b.cards &&
      a.orgs === b.orgs &&
      a.items.length === b.items.length &&
      a.items.every((it, i) => sameItem(it, b.items[i]))
    );
  return false;
}

/**
 * `next` with the previous list's block kept wherever nothing changed, so a keyed view redraws
 * only the blocks that did (one arrival on a 300-card board touches one block).
 */
export function keepUnchanged(previous: readonly Block[], next: Block[]): Block[] {
  const byKey = new Map(previous.map((b) => [b.key, b]));
  return next.map((b) => {
    const old = byKey.get(b.key);
    return old && same(old, b) ? old : b;
  });
}

/** The topic heading each card or stack sits under (board mode), by block key: repeated atop a column the topic continues into. */
export function headings(blocks: readonly Block[]): Map<string, Block> {
  const of = new Map<string, Block>();
  let heading: Block | null = null;
  for (const b of blocks) {
    if (b.kind === 'topic') heading = b;
    else if (heading) of.set(b.key, heading);
  }
  return of;
}
