/**
 * Participation figures (docs/participation.md) against a real server: phones that join, the
 * peak audience, votes, reactions and ballots over time, approvals and rejections by reason,
 * cards per organization and topic; the same after a restart; the public switch; the exports.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBoard } from '../../../src/lib/board/index.js';
import type { ParticipationFigures, ParticipationState, PublicParticipation } from '../../../src/lib/protocol/participation.js';
import type { SubmissionView } from '../../../src/lib/protocol/events.js';
import { call, connectAs, type TestSocket } from '../../../support/socket-client.js';
import { mintDevice } from '../../../support/device.js';
import { waitFor } from '../../../support/wait.js';
import { pdfLayoutText as pdfText } from '../../helpers/pdf-text.js';
import { createTestEvent, startTestServer, type TestEvent, type TestServer } from '../../helpers/test-server.js';

const PHONES = 3;
let key = 0;
const question = (text: string) => ({ type: 'card', key: `idem-part-${++key}`, kind: 'question', text, topicId: null, author: '', orgId: null });

async function figures(url: string, ev: TestEvent): Promise<ParticipationState> {
  const res = await fetch(`${url}/api/boards/${ev.boardId}/participation?t=${ev.tokens.moderator}`);
  expect(res.status).toBe(200);
  return (await res.json()) as ParticipationState;
}

const sum = (f: ParticipationFigures, k: 'votes' | 'upvotes' | 'reactions' | 'ballots'): number => f.activity.reduce((n, b) => n + b[k], 0);

describe('participation figures (docs/participation.md)', () => {
  let ts: TestServer;
  let ev: TestEvent;
  let phones: TestSocket[] = [];
  let mod: TestSocket;

  beforeAll(async () => {
    ts = await startTestServer();
    ev = await createTestEvent(ts.url);
    mod = await connectAs(ts.url, ev.boardId, ev.tokens.moderator);
  });
  afterAll(async () => {
    for (const s of [...phones, mod]) s.close();
    await ts?.dispose();
  });

  it('counts each phone once, the peak audience across the session, and only the moderator reads them', async () => {
    const devices = await Promise.all(Array.from({ length: PHONES }, () => mintDevice(ts.url)));
    phones = await Promise.all(devices.map((d) => connectAs(ts.url, ev.boardId, ev.tokens.audience, d)));
    // The same phone again (a reload): one more connection, not one more phone.
    const again = await connectAs(ts.url, ev.boardId, ev.tokens.audience, devices[0]);
    await waitFor(async () => (await figures(ts.url, ev)).figures.peakAudience === PHONES + 1, 'the peak audience');
    again.close();
    const { figures: f } = await figures(ts.url, ev);
    expect(f.phonesJoined).toBe(PHONES);
    expect((await fetch(`${ts.url}/api/boards/${ev.boardId}/participation?t=${ev.tokens.audience}`)).status).toBe(403);
    expect((await fetch(`${ts.url}/api/boards/${ev.boardId}/participation`)).status).toBe(401);
  });

  it('counts approvals, rejections by reason, votes, question upvotes, reactions and poll ballots', async () => {
    const kept = await call<SubmissionView>(phones[0], 'submission:create', question('Where do newcomers learn Czech?'));
    const spam = await call<SubmissionView>(phones[1], 'submission:create', question('Buy my product'));
    expect([kept, spam]).toMatchObject([{ ok: true }, { ok: true }]);
    if (!kept.ok || !spam.ok) return;
    const approved = await call<{ resultId: string }>(mod, 'queue:approve', { submissionId: kept.data.id });
    expect(await call(mod, 'queue:reject', { submissionId: spam.data.id, reason: 'off-topic' })).toMatchObject({ ok: true });
    expect(approved.ok).toBe(true);
    if (!approved.ok) return;
    for (const p of phones.slice(0, 2)) expect(await call(p, 'vote:toggle', { cardId: approved.data.resultId })).toMatchObject({ ok: true });
    // Question upvotes count apart from the votes; one taken back does not count.
    for (const p of phones) expect(await call(p, 'question:upvote', { cardId: approved.data.resultId })).toMatchObject({ ok: true });
    expect(await call(phones[0], 'question:upvote', { cardId: approved.data.resultId })).toMatchObject({ ok: true, data: { upvoted: false } });
    for (let i = 0; i < 5; i++) expect(await call(phones[2], 'reaction:send', { emoji: '👍', target: 'board' })).toMatchObject({ ok: true });
    const poll = await call<{ pollId: string }>(mod, 'poll:create', {
      question: 'Coffee?',
      multiple: false,
      options: [
        { text: 'Yes', cardId: null },
        { text: 'No', cardId: null }
      ]
    });
    if (!poll.ok) throw new Error(poll.message);
    const option = await ts.server.registry.withBoard(ev.boardId, (b) => readBoard(b.full.doc).polls.find((p) => p.id === poll.data.pollId)?.options[0].id ?? '');
    for (const p of phones) expect(await call(p, 'poll:vote', { pollId: poll.data.pollId, optionIds: [option] })).toMatchObject({ ok: true });

    const { figures: f } = await figures(ts.url, ev);
    expect(f.submissions).toEqual({ total: 2, pending: 0, approved: 1, rejected: 1 });
    expect(f.rejectedByReason.find((r) => r.reason === 'off-topic')?.count).toBe(1);
    expect(f.rejectedByReason.filter((r) => r.reason !== 'off-topic').every((r) => r.count === 0)).toBe(true);
    expect([sum(f, 'votes'), sum(f, 'upvotes'), sum(f, 'reactions'), sum(f, 'ballots')]).toEqual([2, PHONES - 1, 5, PHONES]);
    expect(f.activity.every((b) => b.at % f.bucketMs === 0)).toBe(true);
    expect(f.cardsByTopic.reduce((n, r) => n + r.count, 0)).toBe(1);
    expect(f.cardsByOrg.find((r) => r.id === '')?.count).toBe(1);
    // No figure names a device or a person.
    const raw = JSON.stringify(f);
    for (const k of ['voterKey', 'participantKey', 'deviceId', 'author']) expect(raw).not.toContain(k);
  });

  it('puts the figures in the moderator’s PDF and Markdown, and in public ones only once made public', async () => {
    const pdf = Buffer.from(await (await fetch(`${ts.url}/api/boards/${ev.boardId}/export.pdf?t=${ev.tokens.moderator}&lang=en`)).arrayBuffer());
    const text = pdfText(pdf);
    for (const heading of ['Participation', 'Peak audience', 'Phones that joined', 'Rejections by reason', 'Cards per organization', 'Cards per topic'])
      expect(text).toContain(heading);
    expect(text).toMatch(/Peak audience\s+4/);
    expect(text).toMatch(/Phones that joined\s+3/);
    expect(text).toMatch(/Reactions: 5/);
    expect(text).toMatch(new RegExp(`Question upvotes: ${PHONES - 1}`));
    expect(text).toMatch(/Off-topic\s+1/);
    const md = await (await fetch(`${ts.url}/api/boards/${ev.boardId}/export.md?t=${ev.tokens.moderator}&lang=en`)).text();
    expect(md).toContain('| Peak audience | 4 |');
    expect(md).toContain('| Phones that joined | 3 |');
    expect(md).toContain('| Off-topic | 1 |');
    expect(md).toMatch(/\| Time \| Votes \| Question upvotes \| Reactions \| Poll ballots \|/);
    const json = (await (await fetch(`${ts.url}/api/boards/${ev.boardId}/export.json?t=${ev.tokens.moderator}`)).json()) as { participation?: ParticipationFigures };
    expect(json.participation?.phonesJoined).toBe(3);
    expect(json.participation && sum(json.participation, 'upvotes')).toBe(PHONES - 1);

    const publicUrl = `${ts.url}/api/outputs/${ev.response.eventId}/participation`;
    expect((await fetch(publicUrl)).status).toBe(410);
    await fetch(`${ts.url}/api/events/${ev.response.eventId}/outputs?t=${ev.tokens.moderator}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"published":true}'
    });
    expect(((await (await fetch(publicUrl)).json()) as PublicParticipation).boards).toEqual([]);
    expect(await (await fetch(`${ts.url}/api/boards/${ev.boardId}/export.md?lang=en`)).text()).not.toContain('Peak audience');
    const put = (t: string, body: string) =>
      fetch(`${ts.url}/api/boards/${ev.boardId}/participation?t=${t}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body });
    expect((await put(ev.tokens.panelist, '{"public":true}')).status).toBe(403);
    expect((await put(ev.tokens.moderator, '{"public":"yes"}')).status).toBe(400);
    expect((await put(ev.tokens.moderator, '{"public":true}')).status).toBe(200);
    const pub = (await (await fetch(publicUrl)).json()) as PublicParticipation;
    expect(pub.boards.map((b) => [b.board.id, b.figures.phonesJoined])).toEqual([[ev.boardId, 3]]);
    expect(await (await fetch(`${ts.url}/api/boards/${ev.boardId}/export.md?lang=en`)).text()).toContain('| Phones that joined | 3 |');
  });

  it('keeps every figure and the public switch across a restart', async () => {
    const before = await figures(ts.url, ev);
    for (const s of [...phones, mod]) s.close();
    phones = [];
    await ts.stop();
    ts = await ts.restart();
    mod = await connectAs(ts.url, ev.boardId, ev.tokens.moderator);
    expect(await figures(ts.url, ev)).toEqual(before);
  });

  it('PF6 the event’s deletion erases the counters, device hashes included', async () => {
    const rows = (): number => {
      const db = new Database(join(ts.dataDir, 'panel-board.db'), { readonly: true });
      try {
        return ['participation', 'participation_buckets', 'participation_devices'].reduce(
          (n, t) => n + (db.prepare(`SELECT COUNT(*) AS n FROM ${t} WHERE board_id = ?`).get(ev.boardId) as { n: number }).n,
          0
        );
      } finally {
        db.close();
      }
    };
    expect(rows()).toBeGreaterThan(0);
    mod.close();
    const res = await fetch(`${ts.url}/api/events/${ev.response.eventId}?t=${ev.tokens.moderator}`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ confirm: 'Test panel' })
    });
    expect(res.status).toBeLessThan(300);
    expect(rows()).toBe(0);
  });
});
