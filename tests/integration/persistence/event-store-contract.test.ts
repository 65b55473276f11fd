/**
 * The EventStore contract (E1–E5: events, boards, join codes, deletion), run against every
 * implementation: memory, SQLite and Redis; and the join-code alphabet (J1).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BoardLimitError, DuplicateError, JOIN_CODE_ALPHABET, newJoinCode, type BoardRecord, type EventRecord, type EventStore } from '../../../server/events/event-store.js';
import { newRoleTokens } from '../../../server/events/tokens.js';
import { createMemoryEventStore } from '../../../server/infra/memory/event-store-memory.js';
import { createRedisEventStore } from '../../../server/infra/redis/event-store-redis.js';
import { createSqliteEventStore } from '../../../server/infra/sqlite/event-store-sqlite.js';
import { storeHarnesses, type Harness } from '../../helpers/store-harness.js';

const EVENT_STORES = storeHarnesses<EventStore>({ memory: createMemoryEventStore, sqlite: createSqliteEventStore, redis: createRedisEventStore });

const event = (id: string): EventRecord => ({
  id,
  title: 'E',
  date: '2026-11-27',
  place: 'P',
  createdAt: 1,
  template: 'integration',
  lang: 'cs',
  tokens: newRoleTokens(),
  retentionUntil: Date.UTC(2027, 10, 28)
});
const board = (id: string, eventId: string, joinCode: string, createdAt = 1): BoardRecord => ({ id, eventId, kind: 'main', title: 'B', joinCode, createdAt });

for (const [name, makeHarness] of Object.entries(EVENT_STORES)) {
  describe(`EventStore contract: ${name}`, () => {
    let harness: Harness<EventStore>;
    afterEach(() => harness.dispose());

    it('E1: events and boards round-trip; boards list oldest first; join codes resolve', async () => {
      harness = makeHarness();
      const store = await harness.open();
      const e = event('e1');
      await store.createEvent(e, [board('b1', 'e1', 'AAAAAA', 1)]);
      await store.addBoard(board('b2', 'e1', 'BBBBBB', 2));
      expect(await store.getEvent('e1')).toEqual(e);
      expect((await store.listBoards('e1')).map((b) => b.id)).toEqual(['b1', 'b2']);
      expect((await store.findBoardByJoinCode('BBBBBB'))?.id).toBe('b2');
      expect(await store.getBoard('missing')).toBeNull();
      expect(await store.getEvent('missing')).toBeNull();
      expect(await store.findBoardByJoinCode('ZZZZZZ')).toBeNull();
    });

    it('E2: duplicate ids and join codes are refused with DuplicateError, atomically', async () => {
      harness = makeHarness();
      const store = await harness.open();
      await store.createEvent(event('e1'), [board('b1', 'e1', 'AAAAAA')]);
      await expect(store.createEvent(event('e1'), [])).rejects.toBeInstanceOf(DuplicateError);
      await expect(store.createEvent(event('e2'), [board('b2', 'e2', 'AAAAAA')])).rejects.toBeInstanceOf(DuplicateError);
      expect(await store.getEvent('e2')).toBeNull();
      await expect(store.addBoard(board('b1', 'e1', 'CCCCCC'))).rejects.toBeInstanceOf(DuplicateError);
    });

    it('E4: addBoard with a cap refuses with BoardLimitError once the event holds that many, also under a burst', async () => {
      harness = makeHarness();
      const store = await harness.open();
      await store.createEvent(event('e1'), [board('b1', 'e1', 'AAAAAA')]);
      const burst = await Promise.allSettled(['B', 'C', 'D', 'E', 'F'].map((c, i) => store.addBoard(board(`b${i + 2}`, 'e1', c.repeat(6)), 3)));
      expect(burst.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
      expect(burst.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof BoardLimitError)).toBe(true);
      expect(await store.listBoards('e1')).toHaveLength(3);
      await store.addBoard(board('b9', 'e1', 'GGGGGG'));
      expect(await store.listBoards('e1')).toHaveLength(4);
    });

    it('E5: deleteEvent removes the event, its boards and join codes, and nothing of another event', async () => {
      harness = makeHarness();
      const store = await harness.open();
      await store.createEvent(event('e1'), [board('b1', 'e1', 'AAAAAA')]);
      await store.addBoard(board('b2', 'e1', 'BBBBBB', 2));
      await store.createEvent(event('e2'), [board('b3', 'e2', 'CCCCCC')]);
      await store.deleteEvent('e1');
      expect(await store.getEvent('e1')).toBeNull();
      expect(await store.listBoards('e1')).toEqual([]);
      expect(await store.getBoard('b2')).toBeNull();
      expect(await store.findBoardByJoinCode('AAAAAA')).toBeNull();
      expect(await store.expiredEvents(Number.MAX_SAFE_INTEGER, 10)).toEqual(['e2']);
      expect((await store.findBoardByJoinCode('CCCCCC'))?.id).toBe('b3');
      await store.deleteEvent('e1');
    });

    it('E3: durable stores keep events across a reopen', async () => {
      harness = makeHarness();
      if (!harness.reopen) return expect(name).toBe('memory');
      const store = await harness.open();
      const e = event('e1');
      await store.createEvent(e, [board('b1', 'e1', 'AAAAAA')]);
      const reopened = await harness.reopen();
      expect((await reopened.getBoard('b1'))?.eventId).toBe('e1');
      expect(await reopened.getEvent('e1')).toEqual(e);
    });
  });
}

describe('join codes', () => {
  it('J1: six characters from an alphabet without 0, O, 1, I or l', () => {
    for (const ch of '0O1Il') expect(JOIN_CODE_ALPHABET).not.toContain(ch);
    for (let i = 0; i < 200; i++) expect(newJoinCode()).toMatch(new RegExp(`^[${JOIN_CODE_ALPHABET}]{6}$`));
  });
});
