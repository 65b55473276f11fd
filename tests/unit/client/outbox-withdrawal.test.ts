/**
 * The audience outbox withdrawing submissions (src/lib/client/outbox.ts), with a fake transport,
 * storage and clock:
 *   O7 a withdrawal asks the server, then forgets the submission on this device (also one the
 *      server no longer holds); a failure keeps it.
 */
import { describe, expect, it } from 'vitest';
import { OutboxCore } from '$lib/client/outbox.js';
import { QUESTION, setup, view, WHO } from './outbox-fakes.js';

describe('outbox', () => {
  it('O7 withdraws what the server holds (pending, shown or rejected): asks the server, then forgets it on this device; a failure keeps it', async () => {
    const { outbox, transport, storage } = setup();
    const item = outbox.add(QUESTION, WHO);
    expect(OutboxCore.withdrawable(outbox.items[0])).toBe(false); // not on the server yet: discard, not withdraw
    await transport.answer((p) => ({ ok: true, data: view(p, { status: 'approved', resultId: 'c1' }) }));
    expect(OutboxCore.withdrawable(outbox.items[0])).toBe(true);
    transport.withdrawReply = { ok: false, reason: 'rate-limited', message: 'Too many withdrawals', retryAfterMs: 6000 };
    expect(await outbox.withdraw(item.key)).toEqual({ reason: 'rate-limited', message: 'Too many withdrawals', retryAfterMs: 6000 });
    expect(outbox.items).toHaveLength(1);
    transport.withdrawReply = { ok: true, data: undefined };
    expect(await outbox.withdraw(item.key)).toBeNull();
    expect(transport.withdrawn).toEqual([`s-${item.key}`, `s-${item.key}`]);
    expect(outbox.items).toEqual([]);
    expect(JSON.stringify(storage.value)).not.toContain('zaměstnavatele');
  });

  it('O7 a submission already gone from the server (withdrawn in another tab) is forgotten too', async () => {
    const { outbox, transport } = setup();
    const item = outbox.add(QUESTION, WHO);
    await transport.answer((p) => ({ ok: true, data: view(p) }));
    transport.withdrawReply = { ok: false, reason: 'not-found', message: 'No submission' };
    expect(await outbox.withdraw(item.key)).toBeNull();
    expect(outbox.items).toEqual([]);
  });
});
