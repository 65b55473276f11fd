/**
 * The audience outbox on the device (src/lib/client/outbox.ts), with a fake transport, storage and
 * clock:
 */
import { describe, expect, it } from 'vitest';
import { MAX_DECIDED_KEPT, type OutboxItem } from '$lib/client/outbox.js';
import { QUESTION, setup, view, WHO } from './outbox-fakes.js';

describe('outbox', () => {
  it('O6 survives a reload: what waited is sent again under the same key', async () => {
    const first = setup();
    first.transport.connected = false;
    const waiting = first.outbox.add(QUESTION, WHO);
    first.transport.connected = true;
    const inFlight = first.outbox.add({ type: 'comment', cardId: 'c7', text: 'Díky!' }, WHO);
    expect(first.outbox.items.find((i) => i.key === inFlight.key)?.phase).toBe('sending');
    first.outbox.destroy(); // the page closes before the ack

    const { storage, transport, outbox: reloaded } = setup(first.storage.value);
    expect(reloaded.items.map((i) => [i.key, i.phase])).toEqual([
      [inFlight.key, 'saved'],
      [waiting.key, 'saved']
    ]);
    reloaded.connected();
    expect(transport.sent.map((s) => s.payload.key).sort()).toEqual([waiting.key, inFlight.key].sort());
    await transport.answer((p) => ({ ok: true, data: view(p) }));
    await transport.answer((p) => ({ ok: true, data: view(p) }));
    expect((storage.value as OutboxItem[]).map((i) => i.phase)).toEqual(['pending', 'pending']);
  });

  it('O6 drops damaged entries and keeps the good ones', () => {
    const good = { key: 'good-key-123', content: { type: 'card', kind: 'proposal', text: 'Poradní výbor', topicId: null }, phase: 'pending', createdAt: 5 };
    const { outbox } = setup([
      null,
      'x',
      { key: 'no' },
      { ...good, key: 'bad key!' },
      { ...good, key: 'other-key-1', content: { type: 'card', kind: 'rant', text: 'x' } },
      { ...good, key: 'other-key-2', phase: 'lost' },
      good,
      { ...good, text: 'duplicate key' }
    ]);
    expect(outbox.items.map((i) => [i.key, i.phase, i.content.text])).toEqual([['good-key-123', 'pending', 'Poradní výbor']]);
    expect(setup('{not json').outbox.items).toEqual([]);
  });

  it('O6 keeps every undecided submission but only the latest decided ones', async () => {
    const { outbox, transport, storage } = setup();
    transport.connected = false;
    const waiting = outbox.add(QUESTION, WHO);
    for (let i = 0; i < MAX_DECIDED_KEPT + 5; i++)
      outbox.apply({
        id: `s${i}`,
        key: `decided-${String(i).padStart(3, '0')}`,
        type: 'card',
        kind: 'question',
        text: `q${i}`,
        status: 'approved',
        reason: null,
        resultId: `c${i}`,
        hidden: false,
        createdAt: 2_000_000 + i
      });
    const kept = (storage.value as OutboxItem[]).map((i) => i.key);
    expect(kept).toContain(waiting.key);
    expect(kept.filter((k) => k.startsWith('decided-'))).toHaveLength(MAX_DECIDED_KEPT);
    expect(kept).not.toContain('decided-000');
  });
});
