/**
 * Keeps a board's public document equal to its full document minus hidden cards (and their
 * votes, upvotes and comments) and hidden comments, with polls, poll votes and approved poll answers
 * (projection-engagement.ts; an option taken from a
 * card that is now hidden loses its text there). Hidden entries are deleted from the public doc,
 * whose gc then drops their text, so no state sent to audience or projector connections carries
 * it. Incremental on changes made on this instance; a full, idempotent reconcile runs on load.
 */
import * as Y from 'yjs';
import { cardsMap, clustersMap, commentsMap, entryFrom, metaMap, orgsMap, parseVoteKey, topicsMap, type YEntry } from '../../src/lib/board/layout.js';
import { isVisibleCardEntry, isVisibleCommentEntry } from '../../src/lib/board/visibility.js';
import type { BoardHooks } from '../sync/board-hooks.js';
import { noVotes, syncVote, VOTE_ROOT_NAMES, VOTE_ROOTS, voteKeysOf, type VoteRoot } from './projection-votes.js';
import { applyEngagement, collectEngagement, noEngagementDirt, reconcileEngagement, type EngagementDirty } from './projection-engagement.js';
import { copyValue, plain, same } from './projection-values.js';
import { originKind, PROJECTION_ORIGIN } from '../sync/origins.js';

type EntryRoot = 'topics' | 'orgs' | 'clusters' | 'cards' | 'comments';
const ENTRY_ROOTS: Record<EntryRoot, (doc: Y.Doc) => Y.Map<YEntry>> = {
  topics: topicsMap,
  orgs: orgsMap,
  clusters: clustersMap,
  cards: cardsMap,
  comments: commentsMap
};

interface Dirty {
  meta: boolean;
  entries: Record<EntryRoot, Set<string>>;
  votes: Record<VoteRoot, Set<string>>;
  engagement: EngagementDirty;
}

export interface Projection {
  /** Full reconcile; idempotent (writes nothing when the docs already agree). */
  reconcile(): void;
  stop(): void;
}

function syncMap(from: Y.Map<unknown>, to: Y.Map<unknown>): void {
  for (const [key, value] of from) {
    if (value instanceof Y.AbstractType) continue;
    if (!to.has(key) || !same(to.get(key), value)) to.set(key, copyValue(value));
  }
  for (const key of [...to.keys()]) if (!from.has(key)) to.delete(key);
}

/**
 * The vote keys and comment ids of each card in both documents, indexed once per pass (on
 * first use). A card that appears or disappears re-syncs its own votes and comments; looking
 * them up by scanning every vote per card made a load or an import of a big board cost
 * cards × votes (minutes for 5,000 cards and 40,000 votes).
 */
interface CardIndex {
  votes(cardId: string): Iterable<[VoteRoot, string]>;
  comments(cardId: string): Iterable<string>;
}

function cardIndex(full: Y.Doc, pub: Y.Doc): CardIndex {
  let votes: Map<string, Set<[VoteRoot, string]>> | null = null;
  let comments: Map<string, Set<string>> | null = null;
  const add = <K>(index: Map<string, Set<K>>, cardId: string, key: K): void => {
    const keys = index.get(cardId);
    if (keys) keys.add(key);
    else index.set(cardId, new Set([key]));
  };
  return {
    votes(cardId) {
      if (!votes) {
        votes = new Map();
        for (const root of VOTE_ROOT_NAMES)
          for (const key of voteKeysOf(full, pub, root)) {
            const parsed = parseVoteKey(key);
            if (parsed) add(votes, parsed.cardId, [root, key]);
          }
      }
      return votes.get(cardId) ?? [];
    },
    comments(cardId) {
      if (!comments) {
        comments = new Map();
        for (const map of [commentsMap(full), commentsMap(pub)])
          for (const [id, entry] of map as Y.Map<unknown>) {
            const on = entry instanceof Y.Map ? entry.get('cardId') : undefined;
            if (typeof on === 'string') add(comments, on, id);
          }
      }
      return comments.get(cardId) ?? [];
    }
  };
}

function isPublic(full: Y.Doc, root: EntryRoot, source: YEntry): boolean {
  if (root === 'cards') return isVisibleCardEntry(source);
  if (root === 'comments') return isVisibleCommentEntry(full, source);
  return true;
}

function syncEntry(full: Y.Doc, pub: Y.Doc, root: EntryRoot, id: string, index: CardIndex): void {
  const found: unknown = ENTRY_ROOTS[root](full).get(id);
  // Not a map (a writer put a plain value there): nothing the public may see.
  const source = found instanceof Y.Map ? (found as YEntry) : undefined;
  const target = ENTRY_ROOTS[root](pub);
  const show = source !== undefined && isPublic(full, root, source);
  const existing = target.get(id);
  if (!show || !source) {
    if (existing) target.delete(id);
  } else if (!existing) target.set(id, entryFrom(plain(source)));
  else syncMap(source, existing);
  // Comments of a card follow its visibility: a hidden card takes its votes and comments out.
  if (root === 'cards' && show !== (existing !== undefined)) {
    for (const [voteRoot, key] of index.votes(id)) syncVote(full, pub, voteRoot, key);
    for (const comment of index.comments(id)) syncEntry(full, pub, 'comments', comment, index);
  }
}

function collectDirty(full: Y.Doc, changed: ReadonlyMap<unknown, Set<string | null>>): Dirty {
  const dirty: Dirty = {
    meta: false,
    entries: { topics: new Set(), orgs: new Set(), clusters: new Set(), cards: new Set(), comments: new Set() },
    votes: noVotes(),
    engagement: noEngagementDirt()
  };
  const roots = new Map<unknown, EntryRoot>(Object.entries(ENTRY_ROOTS).map(([name, get]) => [get(full), name as EntryRoot]));
  const voteRoots = new Map<unknown, VoteRoot>(Object.entries(VOTE_ROOTS).map(([name, get]) => [get(full), name as VoteRoot]));
  for (const [type, keys] of changed) {
    if (!(type instanceof Y.AbstractType)) continue;
    const voteRoot = voteRoots.get(type);
    if (type === (metaMap(full) as unknown)) dirty.meta = true;
    else if (voteRoot) {
      for (const k of keys) if (k !== null) dirty.votes[voteRoot].add(k);
    } else if (!collectEngagement(full, type, keys, dirty.engagement)) {
      const root = roots.get(type);
      if (root) {
        for (const k of keys) if (k !== null) dirty.entries[root].add(k);
      }
      const item = type._item;
      const parentRoot = item ? roots.get(item.parent) : undefined;
      if (item && parentRoot && item.parentSub !== null) dirty.entries[parentRoot].add(item.parentSub);
    }
  }
  return dirty;
}

function applyDirty(full: Y.Doc, pub: Y.Doc, dirty: Dirty): void {
  if (dirty.meta) syncMap(metaMap(full), metaMap(pub));
  const index = cardIndex(full, pub);
  for (const root of Object.keys(dirty.entries) as EntryRoot[]) for (const id of dirty.entries[root]) syncEntry(full, pub, root, id, index);
  for (const root of VOTE_ROOT_NAMES) for (const key of dirty.votes[root]) syncVote(full, pub, root, key);
  applyEngagement(full, pub, dirty.engagement, dirty.entries.cards);
}

export function reconcileAll(full: Y.Doc, pub: Y.Doc): void {
  pub.transact(() => {
    syncMap(metaMap(full), metaMap(pub));
    const index = cardIndex(full, pub);
    for (const root of Object.keys(ENTRY_ROOTS) as EntryRoot[]) {
      const ids = new Set([...ENTRY_ROOTS[root](full).keys(), ...ENTRY_ROOTS[root](pub).keys()]);
      for (const id of ids) syncEntry(full, pub, root, id, index);
    }
    for (const root of VOTE_ROOT_NAMES) for (const key of voteKeysOf(full, pub, root)) syncVote(full, pub, root, key);
    reconcileEngagement(full, pub);
  }, PROJECTION_ORIGIN);
}

/** Carries one transaction of `full` over to `pub`. */
function project(full: Y.Doc, pub: Y.Doc, tr: Y.Transaction): void {
  const kind = originKind(tr.origin);
  // The store is reconciled on load; the bus carries the other instance's own projection.
  if (kind === 'store' || kind === 'bus' || tr.changed.size === 0) return;
  const dirty = collectDirty(full, tr.changed);
  pub.transact(() => applyDirty(full, pub, dirty), PROJECTION_ORIGIN);
}

/**
 * The projection of every loaded board. It reads the durable copy: the audience never sees a
 * change a crash could lose.
 */
export const projectionHooks: BoardHooks = {
  name: 'projection',
  onLoad: (board) => reconcileAll(board.full.persisted, board.public.doc),
  onUpdate: (board, doc, tr) => void (doc === 'persisted' && project(board.full.persisted, board.public.doc, tr))
};

/** A projection between two documents of one's own (tests, tools). */
export function createProjection(options: { full: Y.Doc; pub: Y.Doc }): Projection {
  const { full, pub } = options;
  const onTransaction = (tr: Y.Transaction): void => project(full, pub, tr);
  reconcileAll(full, pub);
  full.on('afterTransaction', onTransaction);
  return {
    reconcile: () => reconcileAll(full, pub),
    stop: () => full.off('afterTransaction', onTransaction)
  };
}
