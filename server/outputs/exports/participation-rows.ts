/**
 * The participation figures as labelled rows, shared by the Markdown and PDF exports: the same
 * headings and numbers in both. Times are UTC (the server does not know the venue's zone).
 */
import { NONE_ID, type NamedCount, type ParticipationFigures } from '../../../src/lib/protocol/participation.js';
import type { Label } from './context.js';

export interface FigureRows {
  title: string;
  /** Peak audience, phones, submissions and their outcome. */
  totals: Array<[string, number]>;
  rejectedByReason: { title: string; rows: Array<[string, number]> };
  activity: { title: string; head: [string, string, string, string, string]; rows: Array<[string, number, number, number, number]> };
  cardsByOrg: { title: string; rows: Array<[string, number]> };
  cardsByTopic: { title: string; rows: Array<[string, number]> };
}

/** "2026-11-27 14:05" (UTC). */
export const bucketTime = (at: number): string => new Date(at).toISOString().slice(0, 16).replace('T', ' ');

const named = (rows: readonly NamedCount[], none: string): Array<[string, number]> => rows.map((r) => [r.id === NONE_ID ? none : r.name, r.count]);

export function figureRows(f: ParticipationFigures, t: Label): FigureRows {
  return {
    title: t('participation.title'),
    totals: [
      [t('participation.peakAudience'), f.peakAudience],
      [t('participation.phonesJoined'), f.phonesJoined],
      [t('participation.submissions'), f.submissions.total],
      [t('participation.approved'), f.submissions.approved],
      [t('participation.rejected'), f.submissions.rejected],
      [t('participation.pending'), f.submissions.pending]
    ],
    rejectedByReason: { title: t('participation.rejectedByReason'), rows: f.rejectedByReason.map((r) => [t(`queue.reason.${r.reason}`), r.count]) },
    activity: {
      title: `${t('participation.activity')} (${t('participation.activityPer', { minutes: Math.round(f.bucketMs / 60_000) })}, UTC)`,
      head: [t('participation.time'), t('participation.votes'), t('participation.upvotes'), t('participation.reactions'), t('participation.ballots')],
      rows: f.activity.map((b) => [bucketTime(b.at), b.votes, b.upvotes, b.reactions, b.ballots])
    },
    cardsByOrg: { title: t('participation.cardsByOrg'), rows: named(f.cardsByOrg, t('participation.noOrg')) },
    cardsByTopic: { title: t('participation.cardsByTopic'), rows: named(f.cardsByTopic, t('participation.noTopic')) }
  };
}
