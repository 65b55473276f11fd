/** The participation figures in the Markdown export: one section of tables. */
import type { ParticipationFigures } from '../../../src/lib/protocol/participation.js';
import type { Label } from './context.js';
import { mdText, table } from './markdown-text.js';
import { figureRows } from './participation-rows.js';

export function participationMarkdown(f: ParticipationFigures, t: Label): string {
  const r = figureRows(f, t);
  const count = t('participation.count');
  return [
    `## ${mdText(r.title)}\n\n`,
    table([t('participation.title'), count], r.totals),
    `### ${mdText(r.rejectedByReason.title)}\n\n`,
    table([t('log.reason'), count], r.rejectedByReason.rows),
    `### ${mdText(r.activity.title)}\n\n`,
    r.activity.rows.length === 0 ? `${t('participation.noActivity')}\n\n` : table([...r.activity.head], r.activity.rows),
    `### ${mdText(r.cardsByOrg.title)}\n\n`,
    table([t('export.organization'), count], r.cardsByOrg.rows),
    `### ${mdText(r.cardsByTopic.title)}\n\n`,
    table([t('export.topic'), count], r.cardsByTopic.rows)
  ].join('');
}
