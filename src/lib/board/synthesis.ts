/**
 * "What the hall agreed on": the clusters raised by several organizations, the top voted
 * entries (only those with votes), and the organizations × topics matrix with each cell's card
 * headlines. Pure and shared: the exports (PDF, Markdown) and the outputs page build it from the
 * same public content. Every step is one pass over the cards with maps, then sorts.
 */
import { clusterViews, matrix, topEntries, visibleCards, voteCount, type ClusterView, type RankedEntry } from './selectors.js';
import type { BoardState, Card, Org, Topic } from './types.js';

export const SYNTHESIS_TOP = 10;
/** Headlines shown in one matrix cell; the rest are counted ("+3"). */
export const HEADLINES_PER_CELL = 4;
export const HEADLINE_CHARS = 60;

export interface SharedCluster extends ClusterView {
  /** The organizations' names, in the board's organization order. */
  orgNames: string[];
}

export interface MatrixCell {
  /** The cell's most voted cards' headlines (at most HEADLINES_PER_CELL). */
  headlines: string[];
  /** Cards in the cell beyond the headlines. */
  more: number;
}

export interface Synthesis {
  shared: SharedCluster[];
  top: RankedEntry[];
  matrix: { orgs: Org[]; topics: Topic[]; cells: MatrixCell[][] };
}

/** A card's first line, cut at a word near `max` characters with an ellipsis. */
export function headline(text: string, max = HEADLINE_CHARS): string {
  const line = text.trim().split('\n')[0]?.trim() ?? '';
  if (line.length <= max) return line;
  const cut = line.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/, '')}…`;
}

/** The organizations' names of `ids`, in the board's order (unknown ids are left out). */
export function orgNamesOf(state: BoardState, ids: Iterable<string>): string[] {
  const wanted = new Set(ids);
  return state.orgs.filter((o) => wanted.has(o.id)).map((o) => o.name);
}

/** Organizations with at least one visible card, in the board's order: those a dossier is made for. */
export function orgsWithCards(state: BoardState): Org[] {
  const withCards = new Set(visibleCards(state).map((c) => c.orgId));
  return state.orgs.filter((o) => withCards.has(o.id));
}

/** Clusters whose visible cards come from two organizations or more, most organizations first, then most voters. */
export function sharedClusters(state: BoardState): SharedCluster[] {
  return clusterViews(state)
    .filter((v) => v.orgIds.length >= 2)
    .map((v) => ({ ...v, orgNames: orgNamesOf(state, v.orgIds) }))
    .sort((a, b) => b.orgIds.length - a.orgIds.length || b.voters - a.voters);
}

function cell(state: BoardState, cards: readonly Card[]): MatrixCell {
  const ranked = [...cards].sort((a, b) => voteCount(state, b.id) - voteCount(state, a.id) || a.createdAt - b.createdAt);
  const shown = ranked.slice(0, HEADLINES_PER_CELL);
  return { headlines: shown.map((c) => headline(c.text)), more: cards.length - shown.length };
}

export function synthesis(state: BoardState): Synthesis {
  const m = matrix(state);
  return {
    shared: sharedClusters(state),
    top: topEntries(state, SYNTHESIS_TOP),
    matrix: { orgs: m.orgs, topics: m.topics, cells: m.cells.map((row) => row.map((cards) => cell(state, cards))) }
  };
}

/** "Brno, Plzeň and Praha 14" in the reader's language. */
export function listNames(lang: string, names: readonly string[]): string {
  const locale = lang === 'en' ? 'en-GB' : lang;
  try {
    return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(names);
  } catch {
    return names.join(', ');
  }
}
