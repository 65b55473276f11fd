/**
 * The audience outbox (src/lib/client/outbox.ts) sending, with a fake transport, storage and clock:
 */
import { describe, expect, it } from 'vitest';
import { retryDelay, RETRY_MAX_MS, type OutboxItem } from '$lib/client/outbox.js';
import { flush, QUESTION, setup, view, WHO } from './outbox-fakes.js';

describe('outbox', () => {
  it('O1 stores a submission on the device before sending it', async () => {
    const { outbox, transport } = setup();
    const item = outbox.add(QUESTION, WHO);
    expect(transport.sent).toHaveLength(1);
    const stored = transport.sent[0].storedAtSend as OutboxItem[];
    // Stored as being sent: a reload before the ack reads it back as saved and sends it again.
    expect(stored.map((i) => [i.key, i.phase, i.content.text])).toEqual([[item.key, 'sending', 'Jak zapojit zaměstnavatele do výuky češtiny?']]);
    expect(transport.sent[0].payload).toEqual({
      type: 'card',
      key: item.key,
      kind: 'question',
      text: 'Jak zapojit zaměstnavatele do výuky češtiny?',
      topicId: 't1',
      author: 'Eva',
      nameConsent: false,
      orgId: 'o1'
    });
    expect(item.key).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(outbox.items[0].phase).toBe('sending');
  });

  it('O2 gives every submission its own key and reuses it on each retry', async () => {
    const { outbox, transport, clock } = setup();
    const a = outbox.add(QUESTION, WHO);
    const b = outbox.add({ type: 'comment', cardId: 'c1', text: 'Souhlasím.' }, WHO);
    expect(a.key).not.toBe(b.key);
    await transport.answer({ ok: false, reason: 'timeout', message: 'no ack' });
    await transport.answer({ ok: false, reason: 'timeout', message: 'no ack' });
    await clock.advance(RETRY_MAX_MS);
    await transport.answer({ ok: false, reason: 'internal', message: 'boom' });
    await transport.answer((p) => ({ ok: true, data: view(p) }));
    await clock.advance(RETRY_MAX_MS);
    await transport.answer((p) => ({ ok: true, data: view(p) }));
    const keysSent = transport.sent.map((s) => s.payload.key);
    expect(keysSent).toEqual([a.key, b.key, a.key, b.key, a.key]);
    expect(outbox.items.map((i) => [i.key, i.phase])).toEqual([
      [b.key, 'pending'],
      [a.key, 'pending']
    ]);
    expect(outbox.items.find((i) => i.key === a.key)?.attempts).toBe(3);
  });

  it('O3 backs off after timeouts, doubling up to 30 s', async () => {
    const { outbox, transport, clock } = setup();
    outbox.add(QUESTION, WHO);
    const delays: (number | null)[] = [];
    for (let i = 0; i < 7; i++) {
      await transport.answer({ ok: false, reason: 'timeout', message: 'no ack' });
      expect(outbox.items[0].phase).toBe('saved');
      expect(outbox.items[0].failure?.reason).toBe('timeout');
      delays.push(clock.nextDelay);
      await clock.advance(clock.nextDelay ?? 0);
      expect(transport.inFlight).toBe(1);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect([retryDelay(1, 0), retryDelay(1, 0.999)]).toEqual([800, 1200]);
  });

  it('O3 waits as long as a rate limit says, then sends again', async () => {
    const { outbox, transport, clock } = setup();
    outbox.add(QUESTION, WHO);
    await transport.answer({ ok: false, reason: 'rate-limited', message: 'slow down', retryAfterMs: 7000 });
    expect(outbox.items[0]).toMatchObject({ phase: 'saved', failure: { reason: 'rate-limited', retryAfterMs: 7000 }, retryAt: clock.now + 7000 });
    outbox.connected(); // a reconnect does not jump the server's queue
    expect(transport.inFlight).toBe(0);
    await clock.advance(6999);
    expect(transport.inFlight).toBe(0);
    await clock.advance(1);
    expect(transport.inFlight).toBe(1);
  });

  it('O4 sends nothing while disconnected, and everything on reconnect', async () => {
    const { outbox, transport, clock } = setup();
    transport.connected = false;
    outbox.add(QUESTION, WHO);
    outbox.add({ type: 'comment', cardId: 'c1', text: 'A proč?' }, WHO);
    await clock.advance(60_000);
    expect(transport.sent).toHaveLength(0);
    expect(outbox.items.map((i) => i.phase)).toEqual(['saved', 'saved']);
    transport.connected = true;
    outbox.connected();
    expect(transport.sent.map((s) => s.payload.type).sort()).toEqual(['card', 'comment']);
    await flush();
    expect(transport.mineCalls).toHaveLength(1);
  });

  it('O4 a timeout while the connection drops is retried on reconnect, not later', async () => {
    const { outbox, transport, clock } = setup();
    const item = outbox.add(QUESTION, WHO);
    transport.connected = false;
    await transport.answer({ ok: false, reason: 'offline', message: 'disconnected' });
    await clock.advance(1000);
    expect(transport.sent).toHaveLength(1);
    transport.connected = true;
    outbox.connected();
    expect(transport.sent.map((s) => s.payload.key)).toEqual([item.key, item.key]);
    expect(clock.nextDelay).toBeNull();
  });
});
