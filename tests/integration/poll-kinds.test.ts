/**
 * Scale, word-cloud and open-text polls over raw socket.io clients and Yjs providers (docs/protocol.md
 * §3.5 P6–P9): one scale ballot per device; a written answer waits in the moderator-only queue and
 * reaches neither the public document nor the panelists' full one until the moderator approves it;
 * only the moderator decides; a redacted answer is gone for good.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { boardPollResults, readBoard, scaleAverage } from '../../src/lib/board/index.js';
import { readQueuedAnswers } from '../../src/lib/board/poll-answers.js';
import { mintDevice } from '../../support/device.js';
import { call, type TestSocket } from '../../support/socket-client.js';
import { waitFor } from '../../support/wait.js';
import { containsText, openProvider, type ProviderClient } from '../../support/yjs-clients.js';
import { engagementSession, provider, socket, ts } from '../helpers/engagement-session.js';
import { createTestEvent, type TestEvent } from '../helpers/test-server.js';
import * as Y from 'yjs';
engagementSession();

describe('poll kinds (§3.5 P6–P9)', () => {
  let ev: TestEvent;
  let mod: TestSocket;
  let audienceDoc: ProviderClient;
  let panelistDoc: ProviderClient;
  let queueDoc: ProviderClient;

  beforeAll(async () => {
    ev = await createTestEvent(ts.url);
    mod = await socket(ev, 'moderator');
    audienceDoc = await provider(ev, 'audience');
    panelistDoc = await provider(ev, 'panelist');
    queueDoc = await openProvider(ts.wsUrl, `${ev.boardId}/queue`, ev.tokens.moderator);
    return () => queueDoc.destroy();
  });

  const create = async (payload: Record<string, unknown>): Promise<string> => {
    const res = await call<{ pollId: string }>(mod, 'poll:create', { multiple: false, options: [], ...payload });
    if (!res.ok) throw new Error(res.message);
    return res.data.pollId;
  };
  const answer = (s: TestSocket, pollId: string, text: string) => call<{ answerId: string }>(s, 'poll:answer', { pollId, text });
  const publicAnswers = (pollId: string): string[] => (readBoard(audienceDoc.doc).pollAnswers.get(pollId) ?? []).map((a) => a.text);

  it('P6: a scale poll is 1–5 or 1–10, takes one ballot per device (changeable while open), and shows a distribution and an average', async () => {
    expect(await call(mod, 'poll:create', { question: 'Jak?', kind: 'scale', scaleMax: 7, multiple: false, options: [] })).toMatchObject({ ok: false, reason: 'invalid-payload' });
    expect(await call(mod, 'poll:create', { question: 'Jak?', kind: 'scale', multiple: false, options: [{ text: 'x', cardId: null }] })).toMatchObject({
      ok: false,
      reason: 'invalid-payload',
      message: expect.stringMatching(/no options/)
    });
    expect(await call(await socket(ev, 'audience'), 'poll:create', { question: 'Jak?', kind: 'scale', multiple: false, options: [] })).toMatchObject({
      ok: false,
      reason: 'forbidden'
    });
    const pollId = await create({ question: 'Jak jste spokojeni?', kind: 'scale', scaleMax: 10 });
    const device = await mintDevice(ts.url);
    const [phone, samePhone, other] = [await socket(ev, 'audience', device), await socket(ev, 'audience', device), await socket(ev, 'audience')];
    expect(await call(phone, 'poll:vote', { pollId, optionIds: ['o7'] })).toEqual({ ok: true });
    // The same device on a second connection replaces its ballot rather than adding one.
    expect(await call(samePhone, 'poll:vote', { pollId, optionIds: ['o9'] })).toEqual({ ok: true });
    expect(await call(other, 'poll:vote', { pollId, optionIds: ['o3'] })).toEqual({ ok: true });
    expect(await call(other, 'poll:vote', { pollId, optionIds: ['o11'] })).toMatchObject({ ok: false, reason: 'invalid-payload' });
    expect(await call(other, 'poll:vote', { pollId, optionIds: ['o3', 'o4'] })).toMatchObject({ ok: false, reason: 'invalid-payload' });
    expect(await call(phone, 'poll:answer', { pollId, text: '5' })).toMatchObject({ ok: false, reason: 'invalid-payload', message: expect.stringMatching(/choice/) });
    await waitFor(() => boardPollResults(readBoard(audienceDoc.doc), pollId)?.results.voters === 2, 'two ballots in the public doc');
    const shown = boardPollResults(readBoard(audienceDoc.doc), pollId);
    expect(shown?.poll).toMatchObject({ kind: 'scale', options: Array.from({ length: 10 }, (_, i) => ({ id: `o${i + 1}`, text: String(i + 1) })) });
    expect(shown?.results.options.map((o) => o.count)).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 1, 0]);
    expect(shown && scaleAverage(shown.results)).toBe(6);
  });

  it('P7: a word-cloud answer waits for the moderator: not in the public or panelist document until approved', async () => {
    const pollId = await create({ question: 'Jedním slovem?', kind: 'words' });
    const phone = await socket(ev, 'audience');
    const sent = await answer(phone, pollId, 'SECRET-pending-word');
    expect(sent.ok).toBe(true);
    const answerId = sent.ok ? sent.data.answerId : '';
    await waitFor(() => readQueuedAnswers(queueDoc.doc).some((a) => a.id === answerId && a.status === 'pending'), 'the answer in the moderator queue');
    // Give the projection every chance to (wrongly) carry it, then look at the bytes too.
    const probe = await create({ question: 'probe', kind: 'words' });
    await waitFor(() => readBoard(audienceDoc.doc).polls.some((p) => p.id === probe), 'a later change in the public doc');
    await waitFor(() => readBoard(panelistDoc.doc).polls.some((p) => p.id === probe), 'a later change in the panelist doc');
    for (const doc of [audienceDoc.doc, panelistDoc.doc]) {
      expect(readBoard(doc).pollAnswers.get(pollId)).toBeUndefined();
      expect(containsText(Y.encodeStateAsUpdate(doc), 'SECRET-pending-word')).toBe(false);
    }
    for (const role of ['audience', 'panelist', 'projector'] as const)
      expect(await call(await socket(ev, role), 'poll:answer:decide', { answerId, decision: 'approve' })).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await call(mod, 'poll:answer:decide', { answerId, decision: 'approve' })).toEqual({ ok: true });
    await waitFor(() => publicAnswers(pollId).includes('SECRET-pending-word'), 'the approved answer in the public doc');
  });

  it('P7: three answers per device, a repeat is the same answer, bad input gets a clear error', async () => {
    const pollId = await create({ question: 'Co vás napadne?', kind: 'words' });
    const phone = await socket(ev, 'audience');
    const first = await answer(phone, pollId, 'Doprava');
    expect(await answer(phone, pollId, '  doprava! ')).toEqual(first);
    expect(await answer(phone, pollId, 'Bydlení')).toMatchObject({ ok: true });
    expect(await answer(phone, pollId, 'Školy')).toMatchObject({ ok: true });
    expect(await answer(phone, pollId, 'Zeleň')).toMatchObject({ ok: false, reason: 'budget-exhausted', message: expect.stringMatching(/3 answers/) });
    const other = await socket(ev, 'audience');
    expect(await answer(other, pollId, 'x'.repeat(41))).toMatchObject({ ok: false, reason: 'too-long', message: expect.stringMatching(/40/) });
    expect(await answer(other, pollId, '   ')).toMatchObject({ ok: false, reason: 'invalid-payload', message: expect.stringMatching(/empty/) });
    expect(await answer(other, 'nope', 'x')).toMatchObject({ ok: false, reason: 'not-found' });
    expect(await call(other, 'poll:vote', { pollId, optionIds: ['o1'] })).toMatchObject({ ok: false, reason: 'invalid-payload', message: expect.stringMatching(/written answer/) });
    expect(await call(mod, 'poll:close', { pollId })).toEqual({ ok: true });
    expect(await answer(other, pollId, 'Pozdě')).toMatchObject({ ok: false, reason: 'disabled' });
  });

  it('P8: open-text answers are moderated the same way; a rejected one never reaches the public', async () => {
    const pollId = await create({ question: 'Co byste vzkázali radnici?', kind: 'open' });
    const phone = await socket(ev, 'audience');
    const kept = await answer(phone, pollId, 'Víc laviček v parku, prosím.');
    const dropped = await answer(phone, pollId, 'REJECTED-open-answer');
    if (!kept.ok || !dropped.ok) throw new Error('not filed');
    expect(await answer(phone, pollId, 'třetí')).toMatchObject({ ok: false, reason: 'budget-exhausted' });
    expect(await call(mod, 'poll:answer:decide', { answerId: dropped.data.answerId, decision: 'reject' })).toEqual({ ok: true });
    expect(await call(mod, 'poll:answer:decide', { answerId: kept.data.answerId, decision: 'approve' })).toEqual({ ok: true });
    await waitFor(() => publicAnswers(pollId).length === 1, 'one approved answer');
    expect(publicAnswers(pollId)).toEqual(['Víc laviček v parku, prosím.']);
    expect(containsText(Y.encodeStateAsUpdate(audienceDoc.doc), 'REJECTED-open-answer')).toBe(false);
    expect(await answer(await socket(ev, 'audience'), pollId, 'y'.repeat(281))).toMatchObject({ ok: false, reason: 'too-long' });
  });

  it('P9: a redacted answer leaves the board, the queue and the stores, and cannot be approved again', async () => {
    const pollId = await create({ question: 'Slovo?', kind: 'words' });
    const sent = await answer(await socket(ev, 'audience'), pollId, 'REDACT-me-karel');
    const answerId = sent.ok ? sent.data.answerId : '';
    expect(await call(mod, 'poll:answer:decide', { answerId, decision: 'approve' })).toEqual({ ok: true });
    await waitFor(() => publicAnswers(pollId).length === 1, 'the approved answer');
    expect(await call(await socket(ev, 'audience'), 'poll:answer:redact', { answerId })).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await call(mod, 'poll:answer:redact', { answerId })).toEqual({ ok: true });
    await waitFor(() => publicAnswers(pollId).length === 0, 'the answer gone from the public doc');
    await waitFor(() => readQueuedAnswers(queueDoc.doc).find((a) => a.id === answerId)?.status === 'redacted', 'the queued answer emptied');
    expect(readQueuedAnswers(queueDoc.doc).find((a) => a.id === answerId)?.text).toBe('');
    expect(await call(mod, 'poll:answer:decide', { answerId, decision: 'approve' })).toMatchObject({ ok: false, reason: 'not-found' });
    const held = await ts.server.registry.withBoard(ev.boardId, (b) =>
      [b.full.doc, b.public.doc, b.queue.doc].map((d) => containsText(Y.encodeStateAsUpdate(d), 'REDACT-me-karel'))
    );
    expect(held).toEqual([false, false, false]);
  });

  it('P7: written answers are rate limited per device', async () => {
    const polls = [await create({ question: 'a', kind: 'words' }), await create({ question: 'b', kind: 'words' }), await create({ question: 'c', kind: 'words' })];
    const phone = await socket(ev, 'audience');
    const results = [];
    for (const pollId of polls) for (const text of ['jedna', 'dva', 'tři']) results.push(await answer(phone, pollId, text));
    expect(results.slice(0, 6).every((r) => r.ok)).toBe(true);
    expect(results.slice(6)).toContainEqual(expect.objectContaining({ ok: false, reason: 'rate-limited' }));
  });
});
