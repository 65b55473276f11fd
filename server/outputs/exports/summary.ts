/** The report's figures, shared by the PDF and Markdown formats (built from the board selectors). */
import { stateFromContent } from '../../../src/lib/board/content.js';
import { pollResults, scaleAverage } from '../../../src/lib/board/poll-results.js';
import { questionList, upvoteCount } from '../../../src/lib/board/question-list.js';
import { clusterViews, columns, countByKind, matrix, topEntries, visibleCards, voteCount } from '../../../src/lib/board/selectors.js';
import { CARD_KINDS, isTextPoll, type BoardState, type Card, type CardKind, type Comment } from '../../../src/lib/board/types.js';
import { countWords } from '../../../src/lib/board/word-cloud.js';
import { publicOption } from '../../../src/lib/board/visibility.js';
import type { ExportInput, Label } from './context.js';

export interface CommentLine {
  text: string;
  /** "author, organization" as far as given; may be empty. */
  by: string;
}

export interface CardLine {
  card: Card;
  kindLabel: string;
  org: string;
  cluster: string;
  /** The card's own votes; in the top list, a cluster's distinct voters. */
  votes: number;
  /** In the top list, for a cluster: how many cards and organizations it gathers. */
  note: string;
  /** Its comments that are not hidden, oldest first. */
  comments: CommentLine[];
  /** A question's upvotes (Q&A), null for other kinds; and whether the moderator marked it answered. */
  upvotes: number | null;
  answered: boolean;
}

export interface ReportSection {
  title: string;
  cards: CardLine[];
}

export interface ClusterLine {
  title: string;
  cards: number;
  /** Distinct organizations of its visible cards ("raised by N organizations"). */
  orgs: number;
  /** Distinct voters: someone who voted for several of its cards counts once. */
  votes: number;
}

export interface PollLine {
  question: string;
  multiple: boolean;
  open: boolean;
  voters: number;
  /** What the poll was and how it went, localized: kind, open or closed, voters, a scale's average. */
  facts: string[];
  /**
   * Percent of voters, rounded: a choice poll's options, a scale's points, a word cloud's words
   * (counted as the projector counts them, their share of the approved answers).
   */
  options: Array<{ text: string; votes: number; share: number }>;
  /** An open-text poll's approved answers, oldest first; empty for the other kinds. */
  answers: string[];
}

export interface Report {
  total: number;
  hidden: number;
  byKind: Array<[label: string, count: number]>;
  byOrg: Array<[name: string, count: number]>;
  byTopic: Array<[title: string, count: number]>;
  /** Ranked by distinct voters; a cluster is one line. */
  top: CardLine[];
  clusters: ClusterLine[];
  matrix: { orgs: string[]; topics: string[]; counts: number[][] };
  polls: PollLine[];
  /**
   * Visible questions, the unanswered by upvotes, then the answered; none until the hall used
   * Q&A (an upvote or an answered mark): each card's line carries its upvotes anyway.
   */
  questions: CardLine[];
  sections: ReportSection[];
}

/** What a card line adds for a question: its upvotes and the answered mark. */
export const questionMeta = (l: CardLine, t: Label): string[] =>
  l.upvotes === null ? [] : [t('export.upvotesCount', { count: l.upvotes }), l.answered ? t('export.answered') : ''];

export const TOP_LIMIT = 10;

function commentsByCard(state: BoardState, orgName: ReadonlyMap<string, string>): Map<string, CommentLine[]> {
  const byCard = new Map<string, CommentLine[]>();
  const line = (c: Comment): CommentLine => ({ text: c.text, by: [c.author, (c.orgId && orgName.get(c.orgId)) || ''].filter(Boolean).join(', ') });
  for (const c of state.comments) if (!c.hidden) byCard.set(c.cardId, [...(byCard.get(c.cardId) ?? []), line(c)]);
  return byCard;
}

/** An option taken from a card that is now hidden prints no text (V4): the report never shows hidden card text. */
function pollLines(state: BoardState, t: Label): PollLine[] {
  const ids = new Set(visibleCards(state).map((c) => c.id));
  const visible = (cardId: string): boolean => ids.has(cardId);
  return state.polls.map((poll) => {
    const r = pollResults(poll, state.pollVotes.get(poll.id));
    // A choice poll is the plain kind: named only when it is another
    const facts = [...(poll.kind === 'choice' ? [] : [t(`poll.kind.${poll.kind}`)]), t(poll.open ? 'export.pollOpen' : 'export.pollClosed')];
    const base = { question: poll.question, multiple: poll.multiple, open: poll.open };
    if (isTextPoll(poll.kind)) {
      // Only approved answers are on the board (the queue document is not exported).
      const answers = [...(state.pollAnswers.get(poll.id) ?? [])].sort((a, b) => a.at - b.at);
      facts.push(t('poll.answers', { count: answers.length }));
      if (poll.kind === 'open') return { ...base, voters: answers.length, facts, options: [], answers: answers.map((a) => a.text) };
      const words = countWords(answers);
      const options = words.map((w) => ({ text: w.text, votes: w.count, share: answers.length ? Math.round((100 * w.count) / answers.length) : 0 }));
      return { ...base, voters: answers.length, facts, options, answers: [] };
    }
    if (poll.kind === 'choice') facts.push(t(poll.multiple ? 'export.pollMultiple' : 'export.pollSingle'));
    facts.push(t('export.pollVoters', { count: r.voters }));
    const average = poll.kind === 'scale' ? scaleAverage(r) : null;
    if (average !== null) facts.push(t('poll.average', { value: average }));
    const options = r.options.map((o) => ({ text: publicOption(o, visible).text, votes: o.count, share: o.percent }));
    return { ...base, voters: r.voters, facts, options, answers: [] };
  });
}

function questionLines(state: BoardState, line: (card: Card) => CardLine): CardLine[] {
  const { open, answered } = questionList(state);
  const all = [...open, ...answered];
  return all.some((e) => e.upvotes > 0 || e.answered) ? all.map((e) => line(e.card)) : [];
}

export function buildReport(input: ExportInput, t: Label): Report {
  const state = stateFromContent(input.content);
  const orgName = new Map(state.orgs.map((o) => [o.id, o.name]));
  const clusterTitle = new Map(state.clusters.map((c) => [c.id, c.title]));
  const comments = commentsByCard(state, orgName);
  const kindLabel = (k: CardKind): string => t(`kind.${k}`);
  const line = (card: Card): CardLine => ({
    card,
    kindLabel: kindLabel(card.kind),
    org: (card.orgId && orgName.get(card.orgId)) || '',
    cluster: (card.clusterId && clusterTitle.get(card.clusterId)) || '',
    votes: voteCount(state, card.id),
    note: '',
    comments: comments.get(card.id) ?? [],
    upvotes: card.kind === 'question' ? upvoteCount(state, card.id) : null,
    answered: card.answeredAt !== undefined
  });
  const visible = visibleCards(state);
  const kinds = countByKind(visible);
  const m = matrix(state);
  const cols = columns(state);
  const orgCount = (id: string | null): number => visible.filter((c) => c.orgId === id).length;
  const byOrg: Array<[string, number]> = state.orgs.map((o) => [o.name, orgCount(o.id)]);
  const noOrg = visible.filter((c) => c.orgId === null || !orgName.has(c.orgId)).length;
  if (noOrg > 0) byOrg.push([t('export.noOrg'), noOrg]);
  const top = topEntries(state, TOP_LIMIT).map((e) => ({
    ...line(e.card),
    votes: e.votes,
    note: e.cluster ? `${t('count.cards', { count: e.cards.length })}, ${t('export.raisedBy', { count: e.orgIds.length })}` : ''
  }));
  const clusters = clusterViews(state)
    .map((v) => ({ title: v.cluster.title, cards: v.cards.length, orgs: v.orgIds.length, votes: v.voters }))
    .sort((a, b) => b.votes - a.votes || b.orgs - a.orgs);
  return {
    total: visible.length,
    hidden: state.cards.length - visible.length,
    byKind: CARD_KINDS.map((k) => [kindLabel(k), kinds[k]]),
    byOrg,
    byTopic: cols.map((c) => [c.topic?.title ?? t('export.unsorted'), c.cards.length]),
    top,
    clusters,
    matrix: { orgs: m.orgs.map((o) => o.name), topics: m.topics.map((tp) => tp.title), counts: m.cells.map((row) => row.map((cell) => cell.length)) },
    polls: pollLines(state, t),
    questions: questionLines(state, line),
    sections: cols.map((c) => ({ title: c.topic?.title ?? t('export.unsorted'), cards: c.cards.map(line) }))
  };
}
