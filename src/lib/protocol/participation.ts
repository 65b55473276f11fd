/**
 * Participation figures (GET /api/boards/:boardId/participation?t=<moderator>, and for boards
 * whose moderator made them public, GET /api/outputs/:eventId/participation). Aggregates only:
 * no figure names a person or lists a device (docs/participation.md).
 */
import { REJECT_REASONS, type RejectReason } from '../board/types.js';

/** The width of one bucket of the activity timeline. */
export const BUCKET_MS = 5 * 60_000;
/** Buckets kept per board: a ring of 24 hours; an older bucket is overwritten by a newer one. */
export const MAX_BUCKETS = 288;

/** What the timeline counts per bucket. */
export const ACTIVITY_KINDS = ['votes', 'upvotes', 'reactions', 'ballots'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export interface ActivityBucket {
  /** Epoch ms of the bucket's start (a multiple of BUCKET_MS). */
  at: number;
  votes: number;
  /** Question upvotes (Q&A), apart from the dot votes. */
  upvotes: number;
  reactions: number;
  ballots: number;
}

export interface NamedCount {
  id: string;
  name: string;
  count: number;
}

export interface ParticipationFigures {
  /** Most audience connections open at once, across every instance. */
  peakAudience: number;
  /** Distinct server-issued device identities that opened the audience view. */
  phonesJoined: number;
  submissions: { total: number; pending: number; approved: number; rejected: number };
  /** Every reason, in REJECT_REASONS order, zero included. */
  rejectedByReason: Array<{ reason: RejectReason; count: number }>;
  /** Buckets with any activity, oldest first, at most MAX_BUCKETS. */
  activity: ActivityBucket[];
  bucketMs: number;
  /** Visible cards per organization (board order; "none" last when any card has none). */
  cardsByOrg: NamedCount[];
  cardsByTopic: NamedCount[];
}

/** The moderator's view: the figures and whether they are shown on the public outputs page. */
export interface ParticipationState {
  figures: ParticipationFigures;
  public: boolean;
}

/** GET /api/outputs/:eventId/participation: the boards whose figures are public. */
export interface PublicParticipation {
  boards: Array<{ board: { id: string; title: string }; figures: ParticipationFigures }>;
}

/** The id `cardsByOrg` / `cardsByTopic` use for cards without an organization or topic. */
export const NONE_ID = '';

export const participationUrls = {
  state: (boardId: string, token: string): string => `/api/boards/${encodeURIComponent(boardId)}/participation?t=${encodeURIComponent(token)}`,
  public: (eventId: string): string => `/api/outputs/${encodeURIComponent(eventId)}/participation`
};

export const emptyRejections = (): ParticipationFigures['rejectedByReason'] => REJECT_REASONS.map((reason) => ({ reason, count: 0 }));

export const emptyBucket = (at: number): ActivityBucket => ({ at, votes: 0, upvotes: 0, reactions: 0, ballots: 0 });

/** Everything a bucket counts, all kinds together (a stacked column's height). */
export const bucketTotal = (b: ActivityBucket): number => ACTIVITY_KINDS.reduce((n, k) => n + b[k], 0);

/**
 * The activity from its first bucket to its last, the empty buckets between them as zeros, so a
 * chart's time axis is linear; at most MAX_BUCKETS.
 */
export function continuousActivity(f: Pick<ParticipationFigures, 'activity' | 'bucketMs'>): ActivityBucket[] {
  const { activity, bucketMs } = f;
  if (activity.length === 0 || !(bucketMs > 0)) return [...activity];
  const byAt = new Map(activity.map((b) => [b.at, b]));
  const last = activity[activity.length - 1].at;
  const first = Math.max(activity[0].at, last - (MAX_BUCKETS - 1) * bucketMs);
  const out: ActivityBucket[] = [];
  for (let at = first; at <= last; at += bucketMs) out.push(byAt.get(at) ?? emptyBucket(at));
  return out;
}
