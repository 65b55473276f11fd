import type { PublicationStore } from '../../outputs/publication-store.js';

export function createMemoryPublicationStore(): PublicationStore {
  const published = new Map<string, number>();
  return {
    async getOutputsPublished(eventId) {
      return published.get(eventId) ?? null;
    },
    async setOutputsPublished(eventId, at) {
      if (at === null) published.delete(eventId);
      else published.set(eventId, at);
    }
  };
}
