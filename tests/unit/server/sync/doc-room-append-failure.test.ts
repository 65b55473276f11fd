/**
 * Nothing acknowledged is lost (issue 14, point 4): an update the store refuses is neither
 * published, relayed, made durable nor acknowledged (`flushed()` waits); it is retried with
 * back-off and goes out once stored. A store twin that fails on demand stands for a full disk.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createMemoryDocStore } from '../../../../server/infra/memory/doc-store-memory.js';
import type { DocStore } from '../../../../server/sync/doc-store.js';
import { createMemoryBus } from '../../../../server/infra/memory/bus-memory.js';
import { createDocRoom } from '../../../../server/sync/doc-room.js';
import { waitFor } from '../../../../support/wait.js';

const logger = pino({ level: 'silent' });

function failingStore(): DocStore & { failing: boolean; attempts: number } {
  const inner = createMemoryDocStore();
  const store = {
    ...inner,
    failing: false,
    attempts: 0,
    async append(name: string, update: Uint8Array) {
      store.attempts += 1;
      if (store.failing) throw Object.assign(new Error('SQLITE_FULL: database or disk is full'), { code: 'SQLITE_FULL' });
      return inner.append(name, update);
    }
  };
  return store;
}

describe('a failed append', () => {
  it('is neither relayed, published, made durable nor acknowledged; it is retried with back-off and goes out once stored', async () => {
    const store = failingStore();
    const bus = createMemoryBus();
    const published: Uint8Array[] = [];
    bus.subscribe('panel-board:doc:d', (m) => published.push(m));
    const statuses: boolean[] = [];
    const room = await createDocRoom({
      name: 'd',
      store,
      bus,
      instanceId: 'a',
      limits: { compactAfterUpdates: 100, minFlushIntervalMs: 0 },
      logger,
      onStoreStatus: (ok) => statuses.push(ok)
    });
    const relayed: Uint8Array[] = [];
    room.onUpdate((u) => relayed.push(u));

    store.failing = true;
    room.doc.getMap('m').set('typed', 'during the failure');
    let acked = false;
    const ack = room.flushed().then(() => (acked = true));
    await waitFor(() => store.attempts >= 3, 'the append to be retried');
    room.doc.getMap('m').set('more', 'after it');
    await new Promise((r) => setTimeout(r, 300));
    expect(relayed).toEqual([]);
    expect(published).toEqual([]);
    expect(room.persisted.getMap('m').toJSON()).toEqual({});
    expect(acked).toBe(false);
    expect(statuses).toEqual([false]);
    expect((await store.load('d')).updates).toEqual([]);

    store.failing = false;
    await ack;
    expect(statuses).toEqual([false, true]);
    const replica = new Y.Doc();
    for (const u of relayed) Y.applyUpdate(replica, u);
    expect(replica.getMap('m').toJSON()).toEqual({ typed: 'during the failure', more: 'after it' });
    expect(room.persisted.getMap('m').toJSON()).toEqual({ typed: 'during the failure', more: 'after it' });
    await waitFor(() => published.length > 0, 'the stored update to be published');
    const stored = new Y.Doc();
    for (const u of (await store.load('d')).updates) Y.applyUpdate(stored, u);
    expect(stored.getMap('m').toJSON()).toEqual({ typed: 'during the failure', more: 'after it' });
    await room.destroy();
  });

  it('a room destroyed while its appends still fail rejects the waiting acknowledgements instead of resolving them', async () => {
    const store = failingStore();
    const room = await createDocRoom({
      name: 'd',
      store,
      bus: createMemoryBus(),
      instanceId: 'a',
      limits: { compactAfterUpdates: 100, minFlushIntervalMs: 0 },
      logger,
      unloadDrainMs: 300
    });
    store.failing = true;
    room.doc.getMap('m').set('k', 'v');
    const ack = room.flushed();
    await waitFor(() => store.attempts >= 1, 'the first append');
    const destroyed = room.destroy();
    await expect(ack).rejects.toThrow(/could not be stored/);
    await destroyed;
  });
});
