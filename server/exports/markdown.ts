/** Markdown export: the report's structure (title, summary, matrix, cards by topic) as text. */
import { labels, type ExportInput } from './context.js';
import { buildReport, type CardLine } from './summary.js';

/** Escapes Markdown syntax in user text; line breaks become hard breaks inside the list item. */
export const mdText = (s: string): string => s.replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`).replace(/\n/g, '  \n  ');

const table = (head: string[], rows: Array<Array<string | number>>): string =>
  [`| ${head.map(mdText).join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.map((c) => (typeof c === 'number' ? String(c) : mdText(c))).join(' | ')} |`)].join('\n') + '\n\n';

export function* markdownChunks(input: ExportInput): Generator<string> {
  const t = labels(input.lang);
  const report = buildReport(input, t);
  const { event, board } = input;
  const cardMeta = (l: CardLine): string =>
    [l.kindLabel, l.org, t('export.votesCount', { count: l.votes }), l.cluster ? `${t('export.cluster')}: ${l.cluster}` : '', l.card.hidden ? t('export.hidden') : '']
      .filter(Boolean)
      .map(mdText)
      .join(' · ');

  yield `# ${mdText(board.title)}\n\n`;
  yield `- **${t('export.event')}:** ${mdText(event.title)}\n- **${t('export.date')}:** ${mdText(event.date)}\n- **${t('export.place')}:** ${mdText(event.place)}\n`;
  yield `- **${t('export.boards')}:** ${input.boards.map((b) => mdText(b.title)).join(', ')}\n\n`;
  yield `## ${t('export.summary')}\n\n`;
  yield `${t('export.total')}: ${report.total}${input.full && report.hidden > 0 ? ` (${t('export.hiddenCount', { count: report.hidden })})` : ''}\n\n`;
  yield `### ${t('export.byKind')}\n\n` + table([t('kind.label'), t('export.count')], report.byKind);
  yield `### ${t('export.byOrg')}\n\n` + table([t('export.organization'), t('export.count')], report.byOrg);
  yield `### ${t('export.byTopic')}\n\n` + table([t('export.topic'), t('export.count')], report.byTopic);
  yield `### ${t('export.topVoted')}\n\n`;
  yield report.top.map((l, i) => `${i + 1}. ${mdText(l.card.text)} — ${cardMeta(l)}\n`).join('') + '\n';
  if (report.matrix.orgs.length > 0 && report.matrix.topics.length > 0) {
    yield `### ${t('export.matrix')}\n\n`;
    yield table([t('export.organization'), ...report.matrix.topics], report.matrix.orgs.map((o, i) => [o, ...report.matrix.counts[i]]));
  }
  yield `## ${t('export.cards')}\n\n`;
  for (const section of report.sections) {
    yield `### ${mdText(section.title)}\n\n`;
    for (const l of section.cards) yield `- ${mdText(l.card.text)}  \n  _${cardMeta(l)}_\n`;
    yield '\n';
  }
}
