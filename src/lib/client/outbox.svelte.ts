/**
 * A board page's outbox (see outbox.ts for the rules): kept in localStorage per board, sent
 * over the page's action socket, refreshed on every (re)connect and by the server's
 * 'submission' events, and exposed to components as reactive state.
 */
import type { ActionClient } from './action-client.svelte.js';
import { OutboxCore, type Author, type OutboxContent, type OutboxFailure, type OutboxItem, type OutboxStorage } from './outbox.js';

export const outboxStorageKey = (boardId: string): string => `panel-board:outbox:${boardId}`;

function localStorageFor(boardId: string): OutboxStorage {
  const key = outboxStorageKey(boardId);
  return {
    load: () => {
      const raw = localStorage.getItem(key);
      return raw === null ? null : (JSON.parse(raw) as unknown);
    },
    save: (items) => localStorage.setItem(key, JSON.stringify(items))
  };
}

export class Outbox {
  #items = $state.raw<readonly OutboxItem[]>([]);
  readonly #core: OutboxCore;
  readonly #unsubscribe: (() => void)[];

  constructor(options: { boardId: string; actions: ActionClient }) {
    const { actions } = options;
    this.#core = new OutboxCore({
      transport: {
        get connected() {
          return actions.connected;
        },
        submit: (payload) => actions.run('submission:create', payload),
        mine: () => actions.run('submission:mine', {}),
        withdraw: (submissionId) => actions.run('submission:withdraw', { submissionId })
      },
      storage: localStorageFor(options.boardId),
      onChange: (items) => (this.#items = items)
    });
    this.#items = this.#core.items;
    this.#unsubscribe = [actions.on('submission', (view) => this.#core.apply(view)), actions.onConnect(() => this.#core.connected())];
  }

  /** Newest first. */
  get items(): readonly OutboxItem[] {
    return this.#items;
  }

  add(content: OutboxContent, who: Author): OutboxItem {
    return this.#core.add(content, who);
  }

  retry(key: string): void {
    this.#core.retry(key);
  }

  remove(key: string): void {
    this.#core.remove(key);
  }

  /** Erases a submission from the server (and this device); resolves with the failure, if any. */
  withdraw(key: string): Promise<OutboxFailure | null> {
    return this.#core.withdraw(key);
  }

  destroy(): void {
    for (const off of this.#unsubscribe) off();
    this.#core.destroy();
  }
}
