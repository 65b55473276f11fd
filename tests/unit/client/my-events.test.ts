/**
 * "My events on this device" (src/lib/client/my-events.ts and the MyEvents store in
 * my-events.svelte.ts), with an in-memory storage: rules E1–E4.
 */
import { describe, expect, it } from 'vitest';
import { MAX_MY_EVENTS, readMyEvents, type MyEvent, type MyEventsStorage } from '$lib/client/my-events.js';
import { MyEvents } from '$lib/client/my-events.svelte.js';

const event = (n: number, extra: Partial<MyEvent> = {}): Omit<MyEvent, 'savedAt'> => ({
  eventId: `ev-${n}`,
  title: `Event ${n}`,
  date: '2026-12-03',
  place: 'Praha',
  moderatorLink: `https://board.example/b/board-${n}/moderate?t=token-${n}`,
  ...extra
});

function memoryStorage(initial: unknown = null): MyEventsStorage & { saved: unknown } {
  const store = {
    saved: initial,
    load: () => store.saved,
    save: (events: readonly MyEvent[]) => {
      store.saved = JSON.parse(JSON.stringify(events));
    }
  };
  return store;
}

describe('my events on this device', () => {
  it('E1 remembers an event once, the most recent first, and keeps it in storage', () => {
    const storage = memoryStorage();
    const mine = new MyEvents(storage);
    mine.remember(event(1), 1_000);
    mine.remember(event(2), 2_000);
    expect(mine.list.map((e) => e.eventId)).toEqual(['ev-2', 'ev-1']);
    // A page loaded later (the start page after Back) reads the same list.
    expect(new MyEvents(storage).list.map((e) => e.eventId)).toEqual(['ev-2', 'ev-1']);
  });

  it('E2 remembering an event again replaces its entry (a replaced moderator link) and moves it first', () => {
    const mine = new MyEvents(memoryStorage());
    mine.remember(event(1), 1_000);
    mine.remember(event(2), 2_000);
    mine.remember(event(1, { moderatorLink: 'https://board.example/b/board-1/moderate?t=new' }), 3_000);
    expect(mine.list).toHaveLength(2);
    expect(mine.list[0]).toMatchObject({ eventId: 'ev-1', moderatorLink: 'https://board.example/b/board-1/moderate?t=new', savedAt: 3_000 });
  });

  it('forgetting an event removes it from the list and the storage', () => {
    const storage = memoryStorage();
    const mine = new MyEvents(storage);
    mine.remember(event(1), 1_000);
    mine.remember(event(2), 2_000);
    mine.forget('ev-1');
    expect(mine.list.map((e) => e.eventId)).toEqual(['ev-2']);
    expect(new MyEvents(storage).list.map((e) => e.eventId)).toEqual(['ev-2']);
  });

  it(`E3 keeps at most ${MAX_MY_EVENTS} events, dropping the oldest`, () => {
    const mine = new MyEvents(memoryStorage());
    for (let n = 0; n < MAX_MY_EVENTS + 5; n++) mine.remember(event(n), n);
    expect(mine.list).toHaveLength(MAX_MY_EVENTS);
    expect(mine.list[0].eventId).toBe(`ev-${MAX_MY_EVENTS + 4}`);
    expect(mine.list.some((e) => e.eventId === 'ev-0')).toBe(false);
  });

  it('E4 damaged storage never breaks the list: bad entries, duplicates and non-http links are dropped', () => {
    const good = { ...event(1), savedAt: 5 };
    const raw = [
      good,
      { ...good, savedAt: 1 },
      { ...event(2), moderatorLink: 'javascript:alert(1)', savedAt: 2 },
      { ...event(3), savedAt: 'yesterday' },
      { ...event(4), title: 'x'.repeat(10_000), savedAt: 4 },
      null,
      'text',
      { ...event(5), savedAt: 9 }
    ];
    expect(readMyEvents(raw).map((e) => e.eventId)).toEqual(['ev-5', 'ev-1']);
    expect(readMyEvents({ not: 'a list' })).toEqual([]);
    const throwing: MyEventsStorage = {
      load: () => {
        throw new SyntaxError('Unexpected token');
      },
      save: () => {
        throw new Error('QuotaExceededError');
      }
    };
    const mine = new MyEvents(throwing);
    expect(mine.list).toEqual([]);
    mine.remember(event(1), 1);
    expect(mine.list.map((e) => e.eventId)).toEqual(['ev-1']);
  });
});
