/**
 * The audience outbox's states (src/lib/client/outbox.ts), with a fake transport, storage and clock:
 */
import { describe, expect, it } from 'vitest';
import type { SubmissionView } from '$lib/protocol/events.js';
import { RETRY_MAX_MS } from '$lib/client/outbox.js';
import { flush, QUESTION, setup, view, WHO } from './outbox-fakes.js';

describe('outbox', () => {
  it('O5 follows the server: pending, then approved with the card it became', async () => {
    const { outbox, transport } = setup();
    outbox.add(QUESTION, WHO);
    await transport.answer((p) => ({ ok: true, data: view(p) }));
    expect(outbox.items[0].phase).toBe('pending');
    const payload = transport.sent[0].payload;
    outbox.apply(view(payload, { status: 'approved', resultId: 'card-9' }));
    expect(outbox.items[0]).toMatchObject({ phase: 'approved', submissionId: `s-${payload.key}`, resultId: 'card-9', reason: null });
    // An older answer arriving late does not take the decision back.
    outbox.apply(view(payload, { status: 'pending' }));
    expect(outbox.items[0].phase).toBe('approved');
  });

  it('O5 an approved submission the moderator hid since is marked hidden, and unmarked when restored (issue 18)', async () => {
    const { outbox, transport } = setup();
    outbox.add(QUESTION, WHO);
    await transport.answer((p) => ({ ok: true, data: view(p, { status: 'approved', resultId: 'card-9' }) }));
    const payload = transport.sent[0].payload;
    expect(outbox.items[0].hidden).toBe(false);
    outbox.apply(view(payload, { status: 'approved', resultId: 'card-9', hidden: true }));
    expect(outbox.items[0]).toMatchObject({ phase: 'approved', hidden: true });
    outbox.apply(view(payload, { status: 'approved', resultId: 'card-9', hidden: false }));
    expect(outbox.items[0].hidden).toBe(false);
  });

  it('O5 a rejection carries its reason', async () => {
    const { outbox, transport } = setup();
    outbox.add(QUESTION, WHO);
    await transport.answer((p) => ({ ok: true, data: view(p, { status: 'rejected', reason: 'duplicate' }) }));
    expect(outbox.items[0]).toMatchObject({ phase: 'rejected', reason: 'duplicate' });
  });

  it('O5 a refusal is kept with its reason; trying again reuses the key; discarding removes it', async () => {
    const { outbox, transport, clock } = setup();
    const item = outbox.add(QUESTION, WHO);
    await transport.answer({ ok: false, reason: 'disabled', message: 'comments are off' });
    expect(outbox.items[0]).toMatchObject({ phase: 'refused', failure: { reason: 'disabled' } });
    await clock.advance(RETRY_MAX_MS * 10);
    expect(transport.sent).toHaveLength(1);
    outbox.retry(item.key);
    expect(transport.sent.map((s) => s.payload.key)).toEqual([item.key, item.key]);
    await transport.answer({ ok: false, reason: 'locked', message: 'locked' });
    outbox.remove(item.key);
    expect(outbox.items).toEqual([]);
  });

  it('O5 an accepted submission cannot be discarded from the device', async () => {
    const { outbox, transport } = setup();
    const item = outbox.add(QUESTION, WHO);
    await transport.answer((p) => ({ ok: true, data: view(p) }));
    outbox.remove(item.key);
    expect(outbox.items.map((i) => i.key)).toEqual([item.key]);
  });

  it('O5 a status event that overtakes the ack wins; the late ack changes nothing', async () => {
    const { outbox, transport } = setup();
    outbox.add(QUESTION, WHO);
    const payload = transport.sent[0].payload;
    outbox.apply(view(payload, { status: 'approved', resultId: 'card-1' }));
    await transport.answer({ ok: false, reason: 'timeout', message: 'late' });
    expect(outbox.items[0]).toMatchObject({ phase: 'approved', failure: null });
  });

  it('O5 a reconnect refreshes the states, and learns of submissions this device forgot', async () => {
    const { outbox, transport } = setup();
    outbox.add(QUESTION, WHO);
    await transport.answer((p) => ({ ok: true, data: view(p) }));
    const mine = view(transport.sent[0].payload, { status: 'rejected', reason: 'off-topic' });
    const forgotten: SubmissionView = { ...mine, id: 's-old', key: 'older-key-1', status: 'approved', reason: null, resultId: 'card-2', createdAt: 0 };
    transport.mineReply = { ok: true, data: [mine, forgotten] };
    outbox.connected();
    await flush();
    expect(outbox.items.map((i) => [i.key, i.phase, i.reason ?? i.resultId])).toEqual([
      [mine.key, 'rejected', 'off-topic'],
      ['older-key-1', 'approved', 'card-2']
    ]);
  });
});
