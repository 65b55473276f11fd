import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createMemoryDocStore } from '../../../../server/infra/memory/doc-store-memory.js';
import type { DocStore } from '../../../../server/sync/doc-store.js';
import { createMemoryBus } from '../../../../server/infra/memory/bus-memory.js';
import { createDocRoom } from '../../../../server/sync/doc-room.js';
import { waitFor } from '../../../../support/wait.js';

const logger = pino({ level: 'silent' });
const limits = { compactAfterUpdates: 3, minFlushIntervalMs: 5 };

describe('doc room', () => {
  it('R1: updates of one event-loop turn are merged, appended once, and relayed only after the append', async () => {
    const inner = createMemoryDocStore();
    const events: string[] = [];
    const store: DocStore = { ...inner, append: async (name, u) => (events.push('append'), inner.append(name, u)) };
    const room = await createDocRoom({ name: 'd', store, bus: createMemoryBus(), instanceId: 'a', limits: { compactAfterUpdates: 100, minFlushIntervalMs: 5 }, logger });
    const relayed: Uint8Array[] = [];
    room.onUpdate((u) => (events.push('relay'), relayed.push(u)));
    room.doc.getMap('m').set('a', 1);
    room.doc.getMap('m').set('b', 2);
    await room.flushed();
    expect(events).toEqual(['append', 'relay']);
    const replica = new Y.Doc();
    Y.applyUpdate(replica, relayed[0]);
    expect(replica.getMap('m').toJSON()).toEqual({ a: 1, b: 2 });
    await room.destroy();
  });

  it('R7: a due compaction waits for a pause in a burst of updates, unless the log grows to four times its bound', async () => {
    const store = createMemoryDocStore();
    const room = await createDocRoom({ name: 'd', store, bus: createMemoryBus(), instanceId: 'a', limits: { compactAfterUpdates: 20, minFlushIntervalMs: 0 }, logger });
    const burst = async (from: number, count: number): Promise<void> => {
      for (let i = from; i < from + count; i++) {
        room.doc.getMap('m').set(`k${i}`, i);
        await room.flushed();
      }
    };
    await burst(0, 40); // past the bound of 20, below the hard limit of 80, without a pause
    expect((await store.load('d')).logLength).toBe(40);
    await waitFor(async () => (await store.load('d')).logLength === 0, 'the compaction in the pause');
    await burst(40, 90); // past 80 within the burst: compacted on the way
    const load = await store.load('d');
    expect(load.logLength).toBeLessThan(90);
    await room.destroy();
    const again = await createDocRoom({ name: 'd', store, bus: createMemoryBus(), instanceId: 'a', limits, logger });
    expect(Object.keys(again.doc.getMap('m').toJSON())).toHaveLength(130);
    await again.destroy();
  });

  it('R8: a room with a large fan-out merges the updates of its longer flush interval into one relayed frame', async () => {
    const relaysFor = async (fanout: number): Promise<number> => {
      const room = await createDocRoom({
        name: 'd',
        store: createMemoryDocStore(),
        bus: createMemoryBus(),
        instanceId: 'a',
        limits: { compactAfterUpdates: 100, minFlushIntervalMs: 0, flushMicrosPerConnection: 20, maxFlushIntervalMs: 200 },
        logger
      });
      room.setFanout(fanout);
      let relays = 0;
      room.onUpdate(() => (relays += 1));
      room.doc.getMap('m').set('first', 0);
      await room.flushed();
      for (let i = 0; i < 3; i++) {
        room.doc.getMap('m').set(`k${i}`, i);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await room.flushed();
      await room.destroy();
      return relays;
    };
    expect(await relaysFor(0)).toBe(4); // one frame per update
    expect(await relaysFor(10_000)).toBe(2); // 10,000 connections × 20 µs: a 200 ms interval merges the three
  });

  it('R2: a new room on the same store loads everything, also after background compaction', async () => {
    const store = createMemoryDocStore();
    const bus = createMemoryBus();
    const room = await createDocRoom({ name: 'd', store, bus, instanceId: 'a', limits, logger });
    for (let i = 0; i < 10; i++) {
      room.doc.getMap('m').set(`k${i}`, i);
      await room.flushed();
    }
    await waitFor(async () => (await store.load('d')).logLength <= limits.compactAfterUpdates, 'compaction');
    await room.destroy();
    const again = await createDocRoom({ name: 'd', store, bus, instanceId: 'a', limits, logger });
    expect(Object.keys(again.doc.getMap('m').toJSON())).toHaveLength(10);
    await again.destroy();
  });

  it('R3: rooms of the same document on two instances converge over the bus', async () => {
    const bus = createMemoryBus();
    const a = await createDocRoom({ name: 'd', store: createMemoryDocStore(), bus, instanceId: 'a', limits, logger });
    const b = await createDocRoom({ name: 'd', store: createMemoryDocStore(), bus, instanceId: 'b', limits, logger });
    a.doc.getMap('m').set('from-a', 1);
    b.doc.getMap('m').set('from-b', 2);
    await waitFor(() => a.doc.getMap('m').has('from-b') && b.doc.getMap('m').has('from-a'), 'convergence');
    await Promise.all([a.destroy(), b.destroy()]);
  });

  it('R4: compaction keeps log entries another instance appended that this room never received', async () => {
    const store = createMemoryDocStore();
    const room = await createDocRoom({ name: 'd', store, bus: createMemoryBus(), instanceId: 'a', limits, logger });
    const foreign = new Y.Doc();
    foreign.getMap('m').set('foreign', true);
    await store.append('d', Y.encodeStateAsUpdate(foreign));
    for (let i = 0; i < 10; i++) {
      room.doc.getMap('m').set(`k${i}`, i);
      await room.flushed();
    }
    await waitFor(async () => (await store.load('d')).logLength <= limits.compactAfterUpdates, 'compaction');
    await room.destroy();
    const again = await createDocRoom({ name: 'd', store, bus: createMemoryBus(), instanceId: 'b', limits, logger });
    expect(again.doc.getMap('m').get('foreign')).toBe(true);
    expect(Object.keys(again.doc.getMap('m').toJSON())).toHaveLength(11);
    await again.destroy();
  });

  it('R5: compactNow leaves no stored entry holding an overwritten value, and scrubs the store (docs/redaction.md)', async () => {
    const inner = createMemoryDocStore();
    let scrubs = 0;
    const store: DocStore = { ...inner, scrub: async () => void (scrubs += 1) };
    const secret = 'Jana Nováková +420 777 123 456';
    const stored = async (): Promise<boolean> => (await store.load('d')).updates.some((u) => Buffer.from(u).includes(Buffer.from(secret)));
    const room = await createDocRoom({ name: 'd', store, bus: createMemoryBus(), instanceId: 'a', limits, logger });
    const card = room.doc.getMap('card');
    // In the snapshot of a background compaction and in log entries after it.
    for (let i = 0; i < 8; i++) {
      card.set('text', `${secret} (${i})`);
      await room.flushed();
    }
    await waitFor(async () => (await store.load('d')).logLength <= limits.compactAfterUpdates, 'background compaction');
    card.set('text', `${secret} (last)`);
    await room.flushed();
    expect(await stored()).toBe(true);

    card.set('text', 'Contact removed by the moderator');
    await room.compactNow();
    expect(await stored()).toBe(false);
    expect(scrubs).toBe(1);
    const { updates, logLength } = await store.load('d');
    expect(logLength).toBe(0);
    expect(updates).toHaveLength(1);
    for (const d of [room.doc, room.persisted]) expect(Buffer.from(Y.encodeStateAsUpdate(d)).includes(Buffer.from(secret))).toBe(false);
    await room.destroy();
    const again = await createDocRoom({ name: 'd', store, bus: createMemoryBus(), instanceId: 'a', limits, logger });
    expect(again.doc.getMap('card').get('text')).toBe('Contact removed by the moderator');
    await again.destroy();
  });

  it('R6: another instance that still holds the old value cannot bring it back by compacting or resyncing', async () => {
    const store = createMemoryDocStore();
    const secret = 'Jana Nováková +420 777 123 456';
    const stored = async (): Promise<boolean> => (await store.load('d')).updates.some((u) => Buffer.from(u).includes(Buffer.from(secret)));
    // Two buses: b never hears a's change (a lost message), only the shared store has it.
    const a = await createDocRoom({ name: 'd', store, bus: createMemoryBus(), instanceId: 'a', limits, logger });
    a.doc.getMap('card').set('text', secret);
    await a.flushed();
    const b = await createDocRoom({ name: 'd', store, bus: createMemoryBus(), instanceId: 'b', limits, logger });
    expect(b.doc.getMap('card').get('text')).toBe(secret);
    a.doc.getMap('card').set('text', 'Contact removed');
    await a.compactNow();
    expect(await stored()).toBe(false);
    expect(b.doc.getMap('card').get('text')).toBe(secret);
    await b.compactNow();
    expect(await stored()).toBe(false);
    await b.resync();
    await b.flushed();
    expect(b.doc.getMap('card').get('text')).toBe('Contact removed');
    expect(Buffer.from(Y.encodeStateAsUpdate(b.doc)).includes(Buffer.from(secret))).toBe(false);
    expect(await stored()).toBe(false);
    await a.destroy();
    await b.destroy();
  });
});
