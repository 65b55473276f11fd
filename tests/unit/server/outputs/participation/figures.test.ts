/** The figures' pure parts: buckets from vote times and counters, the ring's window, counts by organization and topic, the recorder's batching. */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createMemoryParticipationStore } from '../../../../../server/infra/memory/participation-store-memory.js';
import { activityOf, buildFigures } from '../../../../../server/outputs/participation/figures.js';
import { createParticipationRecorder } from '../../../../../server/outputs/participation/recorder.js';
import { BUCKET_MS, continuousActivity, MAX_BUCKETS } from '../../../../../src/lib/protocol/participation.js';

const counters = (buckets: Array<{ bucket: number; reactions: number; ballots: number }> = []) => ({ peak: 7, devices: 5, public: false, buckets });

describe('participation figures', () => {
  it('puts votes and counted taps in the same 5-minute buckets, oldest first', () => {
    const t = 1000 * BUCKET_MS;
    const activity = activityOf(counters([{ bucket: 1001, reactions: 3, ballots: 1 }]), [t + 10, t + BUCKET_MS - 1, t + BUCKET_MS + 5]);
    expect(activity).toEqual([
      { at: t, votes: 2, upvotes: 0, reactions: 0, ballots: 0 },
      { at: t + BUCKET_MS, votes: 1, upvotes: 0, reactions: 3, ballots: 1 }
    ]);
  });

  it('counts question upvotes by their own times, apart from the votes, in the same buckets', () => {
    const t = 1000 * BUCKET_MS;
    const activity = activityOf(counters([{ bucket: 1001, reactions: 1, ballots: 0 }]), [t + 1], [t + 2, t + 3, t + BUCKET_MS + 4]);
    expect(activity).toEqual([
      { at: t, votes: 1, upvotes: 2, reactions: 0, ballots: 0 },
      { at: t + BUCKET_MS, votes: 0, upvotes: 1, reactions: 1, ballots: 0 }
    ]);
  });

  it('keeps only the last MAX_BUCKETS buckets: a vote from long ago does not stretch the timeline', () => {
    const t = 5000 * BUCKET_MS;
    const activity = activityOf(counters(), [BUCKET_MS, t]);
    expect(activity.map((b) => b.at)).toEqual([t]);
    expect(activityOf(counters(), [t - (MAX_BUCKETS - 1) * BUCKET_MS, t])).toHaveLength(2);
  });

  it('charts a linear time axis: empty buckets between active ones are zeros, at most MAX_BUCKETS', () => {
    const b = (i: number) => ({ at: i * BUCKET_MS, votes: 1, upvotes: 0, reactions: 0, ballots: 0 });
    expect(continuousActivity({ activity: [b(10), b(13)], bucketMs: BUCKET_MS }).map((x) => [x.at / BUCKET_MS, x.votes])).toEqual([
      [10, 1],
      [11, 0],
      [12, 0],
      [13, 1]
    ]);
    expect(continuousActivity({ activity: [b(0), b(10_000)], bucketMs: BUCKET_MS })).toHaveLength(MAX_BUCKETS);
  });

  it('counts visible cards per organization and topic in board order, "none" last; submissions by state and reason', () => {
    const f = buildFigures(counters(), {
      orgs: [
        { id: 'o2', name: 'Plzeň', order: 2 },
        { id: 'o1', name: 'Brno', order: 1 }
      ],
      topics: [{ id: 't1', title: 'Housing', order: 1 }],
      cards: [
        { orgId: 'o1', topicId: 't1' },
        { orgId: 'o1', topicId: null },
        { orgId: 'gone', topicId: 't1' }
      ],
      voteTimes: [],
      upvoteTimes: [],
      submissions: [
        { status: 'approved', reason: null },
        { status: 'rejected', reason: 'personal-data' },
        { status: 'pending', reason: null }
      ]
    });
    expect(f.cardsByOrg).toEqual([
      { id: 'o1', name: 'Brno', count: 2 },
      { id: 'o2', name: 'Plzeň', count: 0 },
      { id: '', name: '', count: 1 }
    ]);
    expect(f.cardsByTopic).toEqual([
      { id: 't1', name: 'Housing', count: 2 },
      { id: '', name: '', count: 1 }
    ]);
    expect(f.submissions).toEqual({ total: 3, pending: 1, approved: 1, rejected: 1 });
    expect(f.rejectedByReason.find((r) => r.reason === 'personal-data')?.count).toBe(1);
    expect([f.peakAudience, f.phonesJoined]).toEqual([7, 5]);
  });

  it('the recorder batches taps into one write, counts a device once, and keeps the highest audience', async () => {
    const store = createMemoryParticipationStore();
    let writes = 0;
    const counted = { ...store, add: (id: string, d: Parameters<typeof store.add>[1]) => (writes++, store.add(id, d)) };
    const recorder = createParticipationRecorder({ store: counted, logger: pino({ level: 'silent' }), flushMs: 60_000 });
    const now = 2000 * BUCKET_MS;
    for (let i = 0; i < 100; i++) recorder.action('b', 'reaction:send', now);
    recorder.action('b', 'poll:vote', now);
    recorder.action('b', 'vote:toggle', now);
    recorder.joined('b', 'key-1');
    recorder.joined('b', 'key-1');
    recorder.audience('b', 40);
    recorder.audience('b', 12);
    await recorder.flush('b');
    expect(writes).toBe(1);
    expect(await store.read('b')).toEqual({ peak: 40, devices: 1, public: false, buckets: [{ bucket: 2000, reactions: 100, ballots: 1 }] });
    await recorder.close();
  });
});
