/**
 * Keeps this board page and its session in the Cache Storage the service worker reads, so a
 * panelist or moderator can reload while offline: the page comes from the cache and the
 * board's content from IndexedDB. Does nothing where Cache Storage is unavailable (plain-http
 * LAN addresses are not secure contexts).
 */
const PAGES = 'panel-board-pages';

export async function keepForOffline(pageUrl: string, sessionUrl: string): Promise<void> {
  if (typeof caches === 'undefined') return;
  try {
    const cache = await caches.open(PAGES);
    await cache.addAll([pageUrl, sessionUrl]);
  } catch {
    // Best effort: without the cache the page simply needs the network to reload.
  }
}
