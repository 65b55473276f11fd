/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Lets a board page reload while the network is down: the app shell is precached, and board
 * pages plus their session (GET /api/boards/:id) are served network-first with the last good
 * copy as fallback. The board's content itself comes from IndexedDB (see BoardConnection).
 * Realtime traffic (socket.io, /yjs) and every non-GET request pass straight through.
 */
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `panel-board-${version}`;
/** Board pages and sessions survive app updates; the page adds its own entries too (see $lib/client/offline.ts). */
const PAGES = 'panel-board-pages';
const ASSETS = new Set([...build, ...files]);

sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([...ASSETS]))
      .then(() => sw.skipWaiting())
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE && key !== PAGES) await caches.delete(key);
      await sw.clients.claim();
    })()
  );
});

const isBoardPage = (url: URL): boolean => url.pathname.startsWith('/b/');
const isSession = (url: URL): boolean => url.pathname.startsWith('/api/boards/');

async function networkFirst(request: Request): Promise<Response> {
  const cache = await caches.open(PAGES);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (err) {
    const cached = await cache.match(request);
    if (cached) return cached;
    throw err;
  }
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || request.headers.has('range')) return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  if (ASSETS.has(url.pathname)) {
    event.respondWith(caches.match(request).then((cached) => cached ?? fetch(request)));
  } else if (isSession(url) || (request.mode === 'navigate' && isBoardPage(url))) {
    event.respondWith(networkFirst(request));
  }
});
