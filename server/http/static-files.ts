/**
 * The app's built client files (adapter-node's `build/client`: the hashed JavaScript and CSS
 * under `_app/immutable/`, the emoji, the favicon), held in memory and served from there.
 *
 * When the moderator shows the QR code, the hall's phones each load about 35 of these files
 * within seconds. adapter-node's file server (sirv) opens, reads and closes every file per
 * request on libuv's four threads, so a stampede queued there while the event loop sat idle.
 * The build is fixed while the server runs and small (about 2 MB with its precompressed
 * copies), so it is read once at start-up, up to `maxBytes` in all; a file past the budget, a
 * range request or an unknown type is left to the app's own file server.
 *
 * Responses match sirv's: the precompressed copy the client accepts (brotli, then gzip),
 * `Vary: Accept-Encoding`, an ETag with 304 on a match, and `Cache-Control: immutable` for
 * the hashed files.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff'
};

const IMMUTABLE_PREFIX = '/_app/immutable/';
const IMMUTABLE = 'public,max-age=31536000,immutable';

interface HeldFile {
  type: string;
  etag: string;
  immutable: boolean;
  identity: Buffer;
  gzip: Buffer | null;
  br: Buffer | null;
}

export interface StaticFiles {
  /** Answers a GET or HEAD for a held file and returns true; false leaves the request to the app. */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
  readonly files: number;
  readonly bytes: number;
}

/** The encodings a request accepts (`Accept-Encoding`, a q of 0 refuses). */
function accepted(header: string | string[] | undefined): Set<string> {
  const out = new Set<string>();
  for (const part of String(header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) out.add(name);
  }
  return out;
}

const readIf = async (path: string): Promise<Buffer | null> => (existsSync(path) ? readFile(path) : null);

/** Reads `dir` (the build's client files) into memory, at most `maxBytes` in all. */
export async function loadStaticFiles(dir: string, options: { maxBytes: number }): Promise<StaticFiles | null> {
  if (!existsSync(dir)) return null;
  const held = new Map<string, HeldFile>();
  let bytes = 0;
  const names = (await readdir(dir, { recursive: true })).sort();
  for (const name of names) {
    const type = TYPES[extname(name)];
    if (!type) continue;
    const path = join(dir, name);
    const info = await stat(path);
    if (!info.isFile()) continue;
    const [identity, gzip, br] = await Promise.all([readFile(path), readIf(`${path}.gz`), readIf(`${path}.br`)]);
    const size = identity.length + (gzip?.length ?? 0) + (br?.length ?? 0);
    if (bytes + size > options.maxBytes) continue;
    bytes += size;
    const url = `/${name.split(sep).join('/')}`;
    const etag = `W/"${createHash('sha256').update(identity).digest('base64url').slice(0, 22)}"`;
    held.set(url, { type, etag, immutable: url.startsWith(IMMUTABLE_PREFIX), identity, gzip, br });
  }
  return {
    files: held.size,
    bytes,
    serve(req, res) {
      if ((req.method !== 'GET' && req.method !== 'HEAD') || req.headers.range) return false;
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const file = held.get(q === -1 ? url : url.slice(0, q));
      if (!file) return false;
      res.setHeader('content-type', file.type);
      res.setHeader('etag', file.etag);
      if (file.immutable) res.setHeader('cache-control', IMMUTABLE);
      if (file.gzip || file.br) res.setHeader('vary', 'Accept-Encoding');
      if (req.headers['if-none-match'] === file.etag) {
        res.statusCode = 304;
        res.end();
        return true;
      }
      const accepts = accepted(req.headers['accept-encoding']);
      const [body, encoding] = file.br && accepts.has('br') ? [file.br, 'br'] : file.gzip && accepts.has('gzip') ? [file.gzip, 'gzip'] : [file.identity, null];
      if (encoding) res.setHeader('content-encoding', encoding);
      res.setHeader('content-length', body.length);
      res.statusCode = 200;
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    }
  };
}
