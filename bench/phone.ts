/**
 * A phone scanning the projector's QR code, doing over HTTP and websockets what its browser
 * does (recorded once from Chromium on this build):
 *   1. GET the QR link `/join/<code>?s=<ticket>`, then the JavaScript and CSS that page loads;
 *   2. GET `/api/join/<code>?s=<ticket>`, which answers the board's audience link;
 *   3. the board page's own JavaScript and CSS (those it did not load already: the browser
 *      navigates within the app and keeps its cache);
 *   4. GET `/api/boards/<id>?t=<token>` and POST `/api/device` (its server-issued identity);
 *   5. the Yjs websocket (sync, an awareness state renewed every 15 s, as y-websocket does) and
 *      the socket.io websocket, at once.
 * The phone holds the board when its sync step 2 holds all the board's cards and socket.io has
 * connected. Which files a page loads comes from SvelteKit's build manifest
 * (`.svelte-kit/output/server/manifest.js`): the app's entry, the layout's, the error page's and
 * the route's own imports and stylesheets. Each phone has its own keep-alive agent with at most
 * six connections, as a browser has per origin, bound to its loopback address.
 */
import { Agent, request } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { scanMarkers } from './cards.js';
import { LightClient } from './client.js';

export interface SiteAssets {
  /** What the QR link's page loads. */
  join: string[];
  /** What the board page loads on top of that. */
  view: string[];
}

interface BuiltNode {
  imports?: string[];
  stylesheets?: string[];
}
interface BuiltManifest {
  _: {
    client: { imports: string[]; stylesheets?: string[] };
    nodes: Array<() => Promise<BuiltNode>>;
    routes: Array<{ id: string; page: { layouts: Array<number | undefined>; errors: Array<number | undefined>; leaf: number } | null }>;
  };
}

/** The files each page of the phone's path loads, from SvelteKit's build manifest. */
export async function siteAssets(root = '.svelte-kit/output/server'): Promise<SiteAssets> {
  const { manifest } = (await import(pathToFileURL(resolve(root, 'manifest.js')).href)) as { manifest: BuiltManifest };
  const filesOf = async (routeId: string): Promise<string[]> => {
    const route = manifest._.routes.find((r) => r.id === routeId);
    if (!route?.page) throw new Error(`no page ${routeId} in the build manifest (run npm run build)`);
    const files = [...manifest._.client.imports, ...(manifest._.client.stylesheets ?? [])];
    for (const index of [...route.page.layouts, ...route.page.errors, route.page.leaf]) {
      if (index === undefined) continue;
      const node = await manifest._.nodes[index]();
      files.push(...(node.imports ?? []), ...(node.stylesheets ?? []));
    }
    return [...new Set(files)].map((f) => `/${f}`);
  };
  const join = await filesOf('/join/[[code]]');
  const seen = new Set(join);
  return { join, view: (await filesOf('/b/[boardId]/view')).filter((f) => !seen.has(f)) };
}

export interface PhoneOptions {
  /** http://host:port of the server. */
  httpUrl: string;
  /** Path and query of the QR link. */
  qrPath: string;
  assets: SiteAssets;
  localAddress: string;
  /** Cards the board holds: the phone has the board when its sync step 2 holds them all. */
  cards: number;
  timeoutMs: number;
}

export interface PhoneResult {
  ok: boolean;
  error?: string;
  /** A refusal by a limit (HTTP 429/503, websocket close 4529, socket.io `rate-limited`). */
  refused: boolean;
  /** From the first request until the phone holds the board. */
  boardMs: number;
  /** The HTTP part alone: page, assets, join lookup, identity. */
  httpMs: number;
  requests: number;
  bytes: number;
  /** GETs sent again after their keep-alive connection closed under them. */
  retried: number;
}

/** An open phone, kept connected until `close()`. */
export interface OpenPhone {
  result: PhoneResult;
  close(): void;
}

class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    what: string
  ) {
    super(`${what}: HTTP ${status}`);
  }
}

const BROWSER_CONNECTIONS = 6;
/** What Chromium offers: the server sends its precompressed files. */
const ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

export async function openPhone(o: PhoneOptions): Promise<OpenPhone> {
  const base = new URL(o.httpUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: BROWSER_CONNECTIONS, localAddress: o.localAddress });
  let requests = 0;
  let bytes = 0;
  let retried = 0;
  const once = (method: 'GET' | 'POST', path: string, body?: string): Promise<Buffer> =>
    new Promise((done, fail) => {
      const req = request(
        {
          host: base.hostname,
          port: base.port,
          path,
          method,
          agent,
          headers:
            body === undefined
              ? { accept: '*/*', 'accept-encoding': ACCEPT_ENCODING }
              : { 'content-type': 'application/json', accept: 'application/json', 'accept-encoding': ACCEPT_ENCODING, origin: o.httpUrl }
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            requests++;
            const all = Buffer.concat(chunks);
            bytes += all.length;
            if ((res.statusCode ?? 500) >= 400) fail(new HttpRefusal(res.statusCode ?? 500, `${method} ${path.split('?')[0]}`));
            else done(all);
          });
          res.on('error', fail);
        }
      );
      req.setTimeout(o.timeoutMs, () => req.destroy(new Error(`${method} ${path.split('?')[0]}: no answer within ${o.timeoutMs} ms`)));
      req.on('error', fail);
      req.end(body);
    });
  // A browser sends a GET again when the keep-alive connection it reused was closed under it
  // (the server's idle timeout crossing the request): once, on a fresh connection.
  const send = (method: 'GET' | 'POST', path: string, body?: string): Promise<Buffer> =>
    once(method, path, body).catch((err: NodeJS.ErrnoException) => {
      if (method !== 'GET' || !(err.code === 'ECONNRESET' || /socket hang up/.test(err.message))) throw err;
      retried++;
      return once(method, path, body);
    });
  const getAll = (paths: readonly string[]) => Promise.all(paths.map((p) => send('GET', p)));

  let yjs: LightClient | null = null;
  let socket: Socket | null = null;
  const close = () => {
    yjs?.close();
    socket?.close();
    agent.destroy();
  };
  const start = performance.now();
  let httpMs = 0;
  try {
    const qr = new URL(o.qrPath, o.httpUrl);
    const code = qr.pathname.split('/').pop() ?? '';
    await send('GET', o.qrPath);
    await getAll(o.assets.join);
    const found = JSON.parse((await send('GET', `/api/join/${encodeURIComponent(code)}${qr.search}`)).toString()) as { url: string; boardId: string };
    const token = new URL(found.url, o.httpUrl).searchParams.get('t') ?? '';
    await getAll(o.assets.view);
    const [, issued] = await Promise.all([send('GET', `/api/boards/${found.boardId}?t=${encodeURIComponent(token)}`), send('POST', '/api/device', '{}')]);
    const deviceId = (JSON.parse(issued.toString()) as { deviceId: string }).deviceId;
    httpMs = performance.now() - start;
    let complete = false;
    yjs = new LightClient({
      url: `ws://${base.host}/yjs/${found.boardId}?token=${encodeURIComponent(token)}&device=${encodeURIComponent(deviceId)}`,
      awareness: {},
      renewAwareness: true,
      transport: 'raw',
      deflate: false,
      localAddress: o.localAddress,
      onStep2: (frame) => (complete = scanMarkers(frame) >= o.cards)
    });
    const s = io(o.httpUrl, {
      auth: { token, boardId: found.boardId, deviceId },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: o.timeoutMs,
      localAddress: o.localAddress
    } as Parameters<typeof io>[1]);
    socket = s;
    const connected = new Promise<void>((done, fail) => {
      s.once('connect', () => done());
      s.once('connect_error', (err: Error & { data?: { reason?: string } }) => fail(new Error(`socket.io: ${err.data?.reason ?? err.message}`)));
    });
    await Promise.all([yjs.connect(o.timeoutMs), connected]);
    if (!complete) throw new Error(`the sync step 2 lacked some of the ${o.cards} cards`);
    return { result: { ok: true, refused: false, boardMs: performance.now() - start, httpMs, requests, bytes, retried }, close };
  } catch (err) {
    close();
    const message = err instanceof Error ? err.message : String(err);
    const refused = (err instanceof HttpRefusal && (err.status === 429 || err.status === 503)) || / 4529 |rate-limited/.test(message);
    return { result: { ok: false, error: message, refused, boardMs: performance.now() - start, httpMs, requests, bytes, retried }, close: () => undefined };
  }
}
