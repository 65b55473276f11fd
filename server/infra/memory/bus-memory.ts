import type { Bus, BusHandler } from '../../sync/bus.js';

/** In-process bus: the embedded default and the twin used in tests. Delivery is asynchronous, like Redis. */
export function createMemoryBus(): Bus {
  const channels = new Map<string, Set<BusHandler>>();
  return {
    async publish(channel, message) {
      const handlers = channels.get(channel);
      if (!handlers || handlers.size === 0) return;
      const copy = message.slice();
      queueMicrotask(() => {
        for (const handler of [...handlers]) handler(copy);
      });
    },
    subscribe(channel, handler) {
      let handlers = channels.get(channel);
      if (!handlers) channels.set(channel, (handlers = new Set()));
      handlers.add(handler);
      return () => {
        handlers.delete(handler);
        if (handlers.size === 0) channels.delete(channel);
      };
    },
    // An in-process bus never loses messages, so it never asks for a resync.
    onResync: () => () => undefined,
    async close() {
      channels.clear();
    }
  };
}
