/** The report's figures, shared by the PDF and Markdown formats (built from the board selectors). */
import { stateFromContent } from '../../src/lib/board/content.js';
import { columns, countByKind, matrix, topVoted, visibleCards, voteCount } from '../../src/lib/board/selectors.js';
import { CARD_KINDS, type Card, type CardKind } from '../../src/lib/board/types.js';
import type { ExportInput, Label } from './context.js';

export interface CardLine {
  card: Card;
  kindLabel: string;
  org: string;
  cluster: string;
  votes: number;
}

export interface ReportSection {
  title: string;
  cards: CardLine[];
}

export interface Report {
  total: number;
  hidden: number;
  byKind: Array<[label: string, count: number]>;
  byOrg: Array<[name: string, count: number]>;
  byTopic: Array<[title: string, count: number]>;
  top: CardLine[];
  matrix: { orgs: string[]; topics: string[]; counts: number[][] };
  sections: ReportSection[];
}

export const TOP_LIMIT = 10;

export function buildReport(input: ExportInput, t: Label): Report {
  const state = stateFromContent(input.content);
  const orgName = new Map(state.orgs.map((o) => [o.id, o.name]));
  const clusterTitle = new Map(state.clusters.map((c) => [c.id, c.title]));
  const kindLabel = (k: CardKind): string => t(`kind.${k}`);
  const line = (card: Card): CardLine => ({
    card,
    kindLabel: kindLabel(card.kind),
    org: (card.orgId && orgName.get(card.orgId)) || '',
    cluster: (card.clusterId && clusterTitle.get(card.clusterId)) || '',
    votes: voteCount(state, card.id)
  });
  const visible = visibleCards(state);
  const kinds = countByKind(visible);
  const m = matrix(state);
  const cols = columns(state);
  const orgCount = (id: string | null): number => visible.filter((c) => c.orgId === id).length;
  const byOrg: Array<[string, number]> = state.orgs.map((o) => [o.name, orgCount(o.id)]);
  const noOrg = visible.filter((c) => c.orgId === null || !orgName.has(c.orgId)).length;
  if (noOrg > 0) byOrg.push([t('export.noOrg'), noOrg]);
  return {
    total: visible.length,
    hidden: state.cards.length - visible.length,
    byKind: CARD_KINDS.map((k) => [kindLabel(k), kinds[k]]),
    byOrg,
    byTopic: cols.map((c) => [c.topic?.title ?? t('export.unsorted'), c.cards.length]),
    top: topVoted(state, TOP_LIMIT).map(line),
    matrix: { orgs: m.orgs.map((o) => o.name), topics: m.topics.map((tp) => tp.title), counts: m.cells.map((row) => row.map((cell) => cell.length)) },
    sections: cols.map((c) => ({ title: c.topic?.title ?? t('export.unsorted'), cards: c.cards.map(line) }))
  };
}
