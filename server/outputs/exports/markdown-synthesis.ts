/** "What the hall agreed on" in Markdown: shared clusters, the top 10 by votes, the organizations × topics matrix with headlines. */
import { headline, listNames, type Synthesis } from '../../../src/lib/board/synthesis.js';
import type { Label } from './context.js';
import { mdText, table } from './markdown-text.js';

export function synthesisMarkdown(s: Synthesis, t: Label, lang: string): string {
  const out: string[] = [`## ${t('synthesis.title')}\n\n`, `### ${t('synthesis.shared')}\n\n`];
  if (s.shared.length === 0) out.push(`${t('synthesis.noShared')}\n\n`);
  else {
    for (const c of s.shared) {
      const facts = [t('count.cards', { count: c.cards.length }), t('export.votesCount', { count: c.voters })].join(' · ');
      out.push(`- **${mdText(c.cluster.title)}** — ${mdText(t('dossier.raisedBy', { orgs: listNames(lang, c.orgNames) }))} _(${mdText(facts)})_\n`);
    }
    out.push('\n');
  }
  out.push(`### ${t('synthesis.top')}\n\n`);
  const orgName = new Map(s.matrix.orgs.map((o) => [o.id, o.name]));
  if (s.top.length === 0) out.push(`${t('export.noVotes')}\n\n`);
  else {
    s.top.forEach((e, i) => {
      const by = e.cluster ? `${t('export.cluster')}: ${e.cluster.title}, ${t('export.raisedBy', { count: e.orgIds.length })}` : (e.card.orgId && orgName.get(e.card.orgId)) || '';
      const meta = [t('export.votesCount', { count: e.votes }), by].filter(Boolean).join(' · ');
      out.push(`${i + 1}. ${mdText(headline(e.card.text, 160))} — _${mdText(meta)}_\n`);
    });
    out.push('\n');
  }
  const { orgs, topics, cells } = s.matrix;
  if (orgs.length > 0 && topics.length > 0) {
    out.push(`### ${t('export.matrix')}\n\n`);
    const cell = (c: (typeof cells)[number][number]): string =>
      c.headlines.length === 0 ? '·' : [...c.headlines, ...(c.more > 0 ? [t('synthesis.more', { count: c.more })] : [])].join(' · ');
    out.push(
      table(
        [t('export.organization'), ...topics.map((tp) => tp.title)],
        orgs.map((o, i) => [o.name, ...cells[i].map(cell)])
      )
    );
  }
  return out.join('');
}
