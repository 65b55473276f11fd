/**
 * "My events on this device" as reactive state (rules in my-events.ts), kept in localStorage.
 * Blocked or full storage never breaks a page: the list then lives as long as the page.
 */
import { forget, MY_EVENTS_KEY, readMyEvents, remember, type MyEvent, type MyEventsStorage } from './my-events.js';

export function localMyEventsStorage(): MyEventsStorage {
  return {
    load: () => {
      const raw = localStorage.getItem(MY_EVENTS_KEY);
      return raw === null ? null : (JSON.parse(raw) as unknown);
    },
    save: (events) => localStorage.setItem(MY_EVENTS_KEY, JSON.stringify(events))
  };
}

export class MyEvents {
  #list = $state.raw<readonly MyEvent[]>([]);
  readonly #storage: MyEventsStorage;

  constructor(storage: MyEventsStorage = localMyEventsStorage()) {
    this.#storage = storage;
    try {
      this.#list = readMyEvents(storage.load());
    } catch {
      // Unreadable storage: start empty.
    }
  }

  get list(): readonly MyEvent[] {
    return this.#list;
  }

  remember(event: Omit<MyEvent, 'savedAt'>, now = Date.now()): void {
    this.#set(remember(this.#list, { ...event, savedAt: now }));
  }

  forget(eventId: string): void {
    this.#set(forget(this.#list, eventId));
  }

  #set(list: MyEvent[]): void {
    this.#list = list;
    try {
      this.#storage.save(list);
    } catch {
      // Keep it for this page only.
    }
  }
}
