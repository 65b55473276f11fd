/** A dossier as Markdown: its cards by topic, shared clusters, top voted in its topics, questions. */
import { labels, type ExportInput, type Label } from './context.js';
import { buildDossier, dossierLabel, type Dossier, type DossierCard, type DossierSection } from './dossier.js';
import { mdText } from './markdown-text.js';

const meta = (c: DossierCard, t: Label): string => [c.kindLabel, c.org, t('export.votesCount', { count: c.votes })].filter(Boolean).map(mdText).join(' · ');

function cardItem(c: DossierCard, t: Label): string {
  return `- ${mdText(c.text)}  \n  _${meta(c, t)}_\n` + c.comments.map((m) => `  - ${mdText(m.text)}${m.org ? ` — ${mdText(m.org)}` : ''}\n`).join('');
}

function sections(title: string, list: DossierSection[], t: Label): string {
  if (list.length === 0) return `## ${title}\n\n${t('dossier.none')}\n\n`;
  return `## ${title}\n\n` + list.map((s) => `### ${mdText(s.title)}\n\n${s.cards.map((c) => cardItem(c, t)).join('')}\n`).join('');
}

export function dossierMarkdown(input: ExportInput, d: Dossier, t: Label): string {
  const out = [`# ${mdText(dossierLabel(t, d.org.name))}\n\n`];
  out.push(
    `- **${t('export.event')}:** ${mdText(input.event.title)}\n- **${t('export.date')}:** ${mdText(input.event.date)}\n- **${t('export.place')}:** ${mdText(input.event.place)}\n`
  );
  out.push(`- **${t('export.total')}:** ${d.total}\n\n${mdText(t('dossier.intro', { board: input.board.title }))}\n\n`);
  out.push(sections(t('dossier.own'), d.own, t));
  out.push(`## ${t('dossier.shared')}\n\n`);
  if (d.shared.length === 0) out.push(`${t('dossier.none')}\n\n`);
  else {
    for (const c of d.shared)
      out.push(`- **${mdText(c.title)}** — ${mdText(c.raisedBy)} _(${mdText([t('count.cards', { count: c.cards }), t('export.votesCount', { count: c.votes })].join(' · '))})_\n`);
    out.push('\n');
  }
  out.push(sections(t('dossier.topByTopic'), d.topByTopic, t));
  out.push(`## ${t('dossier.questions')}\n\n`);
  out.push(d.questions.length === 0 ? `${t('dossier.none')}\n\n` : d.questions.map((c) => cardItem(c, t)).join('') + '\n');
  return out.join('');
}

/** The Markdown dossier of `orgId`, as chunks (one: a dossier is a page or a few). Throws for an unknown organization. */
export function* dossierMarkdownChunks(input: ExportInput, orgId: string): Generator<string> {
  const t = labels(input.lang);
  const d = buildDossier(input, orgId, t);
  if (!d) throw new Error(`No organization ${orgId} on this board`);
  yield dossierMarkdown(input, d, t);
}
