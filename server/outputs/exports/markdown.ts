/**
 * Markdown export: the report's structure (title, summary, clusters, what the hall agreed on,
 * polls, cards by topic with their comments) as text.
 */
import { stateFromContent } from '../../../src/lib/board/content.js';
import { synthesis } from '../../../src/lib/board/synthesis.js';
import { labels, type ExportInput } from './context.js';
import { participationMarkdown } from './participation-md.js';
import { synthesisMarkdown } from './markdown-synthesis.js';
import { mdText, table } from './markdown-text.js';
import { buildReport, questionMeta, type CardLine, type PollLine } from './summary.js';

export { mdText };

export function* markdownChunks(input: ExportInput): Generator<string> {
  const t = labels(input.lang);
  const report = buildReport(input, t);
  const { event, board } = input;
  const cardMeta = (l: CardLine): string =>
    [
      l.kindLabel,
      l.org,
      t('export.votesCount', { count: l.votes }),
      ...questionMeta(l, t),
      l.cluster ? `${t('export.cluster')}: ${l.cluster}` : '',
      l.note,
      l.card.hidden ? t('export.hidden') : ''
    ]
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
  yield report.top.length === 0 ? `${t('export.noVotes')}\n\n` : report.top.map((l, i) => `${i + 1}. ${mdText(l.card.text)} — ${cardMeta(l)}\n`).join('') + '\n';
  if (report.clusters.length > 0) {
    yield `### ${t('export.clusters')}\n\n`;
    yield table(
      [t('export.cluster'), t('export.total'), t('export.orgCount'), t('export.votes')],
      report.clusters.map((c) => [c.title, c.cards, c.orgs, c.votes])
    );
  }
  yield synthesisMarkdown(synthesis(stateFromContent(input.content)), t, input.lang);
  if (report.polls.length > 0) {
    yield `## ${t('export.polls')}\n\n`;
    for (const poll of report.polls) yield pollBlock(poll, t);
  }
  if (input.participation) yield participationMarkdown(input.participation, t);
  if (report.questions.length > 0) {
    yield `## ${t('qa.title')}\n\n`;
    yield report.questions.map((l, i) => `${i + 1}. ${mdText(l.card.text)} — ${cardMeta(l)}\n`).join('') + '\n';
  }
  yield `## ${t('export.cards')}\n\n`;
  for (const section of report.sections) {
    yield `### ${mdText(section.title)}\n\n`;
    for (const l of section.cards) {
      yield `- ${mdText(l.card.text)}  \n  _${cardMeta(l)}_\n`;
      for (const c of l.comments) yield `  - ${mdText(c.text)}${c.by ? ` — ${mdText(c.by)}` : ''}\n`;
    }
    yield '\n';
  }
}

function pollBlock(poll: PollLine, t: ReturnType<typeof labels>): string {
  const head = `### ${mdText(poll.question)}\n\n_${poll.facts.map(mdText).join(' · ')}_\n\n`;
  if (poll.options.length === 0) return head + poll.answers.map((a) => `- ${mdText(a)}\n`).join('') + '\n';
  return (
    head +
    table(
      [t('export.pollOption'), t('export.votes'), t('export.pollShare')],
      poll.options.map((o) => [o.text || '—', o.votes, `${o.share} %`])
    )
  );
}
