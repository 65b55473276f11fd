/**
 * CSV export: one row per card with every field, UTF-8 with a BOM (so spreadsheet apps detect
 * the encoding), RFC 4180 quoting of every text cell, CRLF line ends. A formula starter
 * (=, +, -, @, tab, CR, and their full-width forms) at a cell's start or after any separator a
 * spreadsheet may split on (`,` `;` tab, line breaks) gets a single quote before it (CSV
 * injection; Czech Excel splits at `;`).
 * When the board has polls, an empty row and a second table follow: one row per poll option (a
 * scale's points; a word-cloud or open-text poll: one row per approved answer).
 */
import { stateFromContent } from '../../../src/lib/board/content.js';
import { pollResults } from '../../../src/lib/board/poll-results.js';
import { upvoteCount } from '../../../src/lib/board/question-list.js';
import { clusterViews, voteCount } from '../../../src/lib/board/selectors.js';
import { isTextPoll, type BoardState } from '../../../src/lib/board/types.js';
import { isVisibleCard } from '../../../src/lib/board/visibility.js';
import { isoDate, labels, type ExportInput } from './context.js';

export const CSV_COLUMNS = [
  'id',
  'kind',
  'kind_label',
  'text',
  'organization',
  'org_id',
  'topic',
  'topic_id',
  'cluster',
  'cluster_id',
  'author',
  'author_key',
  'votes',
  'hidden',
  'order',
  'created_at',
  'updated_at',
  // The card's cluster counted as one: distinct voters and organizations. Then its visible comments, one per line.
  'cluster_voters',
  'cluster_orgs',
  'comment_count',
  'comments',
  // Questions only (Q&A): upvotes, and when the moderator marked it answered.
  'upvotes',
  'answered_at'
] as const;

export const CSV_POLL_COLUMNS = ['poll_id', 'question', 'multiple', 'open', 'option_id', 'option', 'card_id', 'votes', 'voters', 'created_at', 'closed_at'] as const;

/**
 * What makes a spreadsheet read a cell as a formula: = + - @, tab and CR (OWASP), with their
 * full-width and small forms (some spreadsheet apps fold them to ASCII).
 */
const STARTERS = '=+\\-@\\t\\r\\uFF1D\\uFF0B\\uFF0D\\uFF20\\uFE66\\uFE62\\uFE63\\uFE6B';
/**
 * Every place where a reading of the file can open a cell on a starter: the cell's start, or
 * after a separator a spreadsheet may split on (`,`; `;` in Czech and other locales whose
 * decimal mark is a comma; tab) or a line break, past any spaces and quotes (a reader that
 * ignores quoting strips them).
 */
// The lookahead comes first and the lookbehind is lazy, so only a starter's position is checked,
// and only back to the nearest separator: linear in the text.
const OPENING_STARTER = new RegExp(`(?=[${STARTERS}])(?<=(?:^|[,;\\t\\r\\n])[\\s"]*?)`, 'g');

/** Text that no spreadsheet reads as a formula, wherever it splits the line: a single quote before each such starter. */
export const neutralise = (text: string): string => text.replace(OPENING_STARTER, "'");

/**
 * One cell per RFC 4180. Every text cell is quoted (so a reader splitting on `;` or a tab keeps
 * it whole) and neutralised; numbers and booleans stay bare, a non-finite number is empty.
 */
export function csvCell(value: string | number | boolean): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return String(value);
  return `"${neutralise(String(value)).replace(/"/g, '""')}"`;
}

const row = (cells: ReadonlyArray<string | number | boolean>): string => cells.map(csvCell).join(',') + '\r\n';

export function* csvChunks(input: ExportInput): Generator<string> {
  const t = labels(input.lang);
  const state = stateFromContent(input.content);
  const orgs = new Map(state.orgs.map((o) => [o.id, o.name]));
  const topics = new Map(state.topics.map((tp) => [tp.id, tp.title]));
  const clusters = new Map(state.clusters.map((c) => [c.id, c.title]));
  const clusterCounts = new Map(clusterViews(state).map((v) => [v.cluster.id, v]));
  const comments = commentCells(state);
  yield '\uFEFF' + row(CSV_COLUMNS);
  for (const c of input.content.cards) {
    if (!input.full && !isVisibleCard(c)) continue;
    const cluster = c.clusterId === null ? undefined : clusterCounts.get(c.clusterId);
    const said = comments.get(c.id) ?? [];
    yield row([
      c.id,
      c.kind,
      t(`kind.${c.kind}`),
      c.text,
      (c.orgId && orgs.get(c.orgId)) || '',
      c.orgId ?? '',
      (c.topicId && topics.get(c.topicId)) || '',
      c.topicId ?? '',
      (c.clusterId && clusters.get(c.clusterId)) || '',
      c.clusterId ?? '',
      c.author,
      c.authorKey,
      voteCount(state, c.id),
      c.hidden,
      c.order,
      isoDate(c.createdAt),
      isoDate(c.updatedAt),
      cluster?.voters ?? '',
      cluster?.orgIds.length ?? '',
      said.length,
      said.join('\n'),
      c.kind === 'question' ? upvoteCount(state, c.id) : '',
      c.answeredAt === undefined ? '' : isoDate(c.answeredAt)
    ]);
  }
  if (state.polls.length === 0) return;
  yield '\r\n' + row(CSV_POLL_COLUMNS);
  for (const poll of state.polls) {
    if (isTextPoll(poll.kind)) {
      // A free-text poll: one row per approved answer (the option columns hold the answer)
      const answers = [...(state.pollAnswers.get(poll.id) ?? [])].sort((a, b) => a.at - b.at);
      for (const a of answers)
        yield row([poll.id, poll.question, poll.multiple, poll.open, a.id, a.text, '', 1, answers.length, isoDate(poll.createdAt), isoDate(poll.closedAt ?? 0)]);
      continue;
    }
    const results = pollResults(poll, state.pollVotes.get(poll.id));
    for (const option of results.options)
      yield row([
        poll.id,
        poll.question,
        poll.multiple,
        poll.open,
        option.id,
        option.text,
        option.cardId ?? '',
        option.count,
        results.voters,
        isoDate(poll.createdAt),
        isoDate(poll.closedAt ?? 0)
      ]);
  }
}

/** Visible comments per card, each "author: text" (or just the text). */
function commentCells(state: BoardState): Map<string, string[]> {
  const byCard = new Map<string, string[]>();
  for (const c of state.comments) if (!c.hidden) byCard.set(c.cardId, [...(byCard.get(c.cardId) ?? []), c.author ? `${c.author}: ${c.text}` : c.text]);
  return byCard;
}

/** Parses RFC 4180 text back into rows (used by tests and by anyone re-reading an export). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && src[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}
