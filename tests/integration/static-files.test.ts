/**
 * The built client files served from memory (server/http/static-files.ts): the encoding the
 * client accepts, ETags and 304, HEAD, the immutable cache header, and what is left to the app.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStaticFiles, type StaticFiles } from '../../server/http/static-files.js';

const JS = 'export const hello = "ahoj";\n'.repeat(50);

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

describe('static files from memory', () => {
  let dir: string;
  let files: StaticFiles;
  let server: Server;
  let port: number;
  let fellThrough: string[] = [];

  const get = (path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pb-static-'));
    mkdirSync(join(dir, '_app/immutable/chunks'), { recursive: true });
    writeFileSync(join(dir, '_app/immutable/chunks/a.js'), JS);
    writeFileSync(join(dir, '_app/immutable/chunks/a.js.gz'), gzipSync(JS));
    writeFileSync(join(dir, '_app/immutable/chunks/a.js.br'), brotliCompressSync(JS));
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(dir, 'notes.xyz'), 'an unknown type');
    writeFileSync(join(dir, 'big.js'), 'x'.repeat(10_000));
    files = (await loadStaticFiles(dir, { maxBytes: 5_000 })) as StaticFiles;
    server = createServer((req, res) => {
      if (files.serve(req, res)) return;
      fellThrough.push(req.url ?? '');
      res.statusCode = 404;
      res.end('app');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(() => {
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds the files within the budget and nothing else', async () => {
    expect(files.files).toBe(2); // a.js (with its copies) and favicon.svg; big.js is over the budget
    fellThrough = [];
    expect((await get('/big.js')).status).toBe(404);
    expect((await get('/notes.xyz')).status).toBe(404);
    expect((await get('/_app/immutable/chunks/missing.js')).status).toBe(404);
    expect(fellThrough).toEqual(['/big.js', '/notes.xyz', '/_app/immutable/chunks/missing.js']);
  });

  it('sends the precompressed copy the client accepts', async () => {
    const br = await get('/_app/immutable/chunks/a.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.body).toEqual(brotliCompressSync(JS));
    const gz = await get('/_app/immutable/chunks/a.js', { 'accept-encoding': 'gzip, br;q=0' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await get('/_app/immutable/chunks/a.js?v=1');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(JS);
    for (const r of [br, gz, plain]) {
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('text/javascript');
      expect(r.headers['cache-control']).toBe('public,max-age=31536000,immutable');
      expect(r.headers.vary).toBe('Accept-Encoding');
      expect(Number(r.headers['content-length'])).toBe(r.body.length);
    }
  });

  it('answers a matching ETag with 304, HEAD without a body, and leaves ranges and other methods to the app', async () => {
    const first = await get('/favicon.svg');
    expect(first.headers['content-type']).toBe('image/svg+xml');
    expect(first.headers['cache-control']).toBeUndefined();
    const again = await get('/favicon.svg', { 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const head = await get('/favicon.svg', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    fellThrough = [];
    expect((await get('/favicon.svg', { range: 'bytes=0-3' })).status).toBe(404);
    expect((await get('/favicon.svg', {}, 'POST')).status).toBe(404);
    expect(fellThrough).toEqual(['/favicon.svg', '/favicon.svg']);
  });
});
