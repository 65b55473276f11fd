/**
 * The participation figures of one board, from the stored counters (peak, devices, reactions
 * and ballots per bucket) and the board's facts (board-facts.ts: votes and question upvotes carry their time, the
 * visible cards by organization and topic, the submissions by state and rejection reason). Pure: aggregates in, aggregates out; nothing per device or per name.
 */
import { REJECT_REASONS } from '../../../src/lib/board/types.js';
import { BUCKET_MS, emptyBucket, MAX_BUCKETS, NONE_ID, type ActivityBucket, type NamedCount, type ParticipationFigures } from '../../../src/lib/protocol/participation.js';
import type { BoardFacts } from './board-facts.js';
import type { ParticipationCounters } from './participation-store.js';

/** Votes, question upvotes, reactions and ballots per bucket: the last MAX_BUCKETS buckets that have any. */
export function activityOf(counters: ParticipationCounters, voteTimes: readonly number[], upvoteTimes: readonly number[] = []): ActivityBucket[] {
  const byBucket = new Map<number, ActivityBucket>();
  const at = (bucket: number): ActivityBucket => {
    let b = byBucket.get(bucket);
    if (!b) byBucket.set(bucket, (b = emptyBucket(bucket * BUCKET_MS)));
    return b;
  };
  for (const t of voteTimes) if (Number.isFinite(t) && t > 0) at(Math.floor(t / BUCKET_MS)).votes += 1;
  for (const t of upvoteTimes) if (Number.isFinite(t) && t > 0) at(Math.floor(t / BUCKET_MS)).upvotes += 1;
  for (const c of counters.buckets) {
    const b = at(c.bucket);
    b.reactions += c.reactions;
    b.ballots += c.ballots;
  }
  const sorted = [...byBucket.values()].sort((a, b) => a.at - b.at);
  const last = sorted.at(-1)?.at ?? 0;
  return sorted.filter((b) => b.at > last - MAX_BUCKETS * BUCKET_MS);
}

function countBy(cards: readonly { key: string | null }[], named: readonly { id: string; name: string }[]): NamedCount[] {
  const counts = new Map<string, number>();
  for (const c of cards) counts.set(c.key ?? NONE_ID, (counts.get(c.key ?? NONE_ID) ?? 0) + 1);
  const rows = named.map((n) => ({ id: n.id, name: n.name, count: counts.get(n.id) ?? 0 }));
  // Cards whose organization or topic was removed count as "none", like cards without one.
  const known = new Set(named.map((n) => n.id));
  const none = [...counts].reduce((sum, [id, n]) => (known.has(id) ? sum : sum + n), 0);
  return none > 0 ? [...rows, { id: NONE_ID, name: '', count: none }] : rows;
}

export function buildFigures(counters: ParticipationCounters, facts: BoardFacts): ParticipationFigures {
  const { cards, submissions } = facts;
  const rejected = submissions.filter((s) => s.status === 'rejected');
  return {
    peakAudience: counters.peak,
    phonesJoined: counters.devices,
    submissions: {
      total: submissions.length,
      pending: submissions.filter((s) => s.status === 'pending').length,
      approved: submissions.filter((s) => s.status === 'approved').length,
      rejected: rejected.length
    },
    rejectedByReason: REJECT_REASONS.map((reason) => ({ reason, count: rejected.filter((s) => s.reason === reason).length })),
    activity: activityOf(counters, facts.voteTimes, facts.upvoteTimes),
    bucketMs: BUCKET_MS,
    cardsByOrg: countBy(
      cards.map((c) => ({ key: c.orgId })),
      [...facts.orgs].sort((a, b) => a.order - b.order)
    ),
    cardsByTopic: countBy(
      cards.map((c) => ({ key: c.topicId })),
      [...facts.topics].sort((a, b) => a.order - b.order).map((t) => ({ id: t.id, name: t.title }))
    )
  };
}
