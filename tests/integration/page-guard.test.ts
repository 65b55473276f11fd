/**
 * The page guard (issue 13, finding 13; docs/protocol.md §3): a board page is served only to a
 * token of its board whose role matches the page, however its path is spelled. The app here is a
 * stand-in that answers every request it gets, so "not guarded" shows as a 200 from it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/app/config.js';
import { createServer, type PanelServer } from '../../server/app/main.js';
import { createTestEvent, type TestEvent } from '../helpers/test-server.js';

/** Sends the request target byte for byte (fetch and URL would normalise it first). */
function rawGet(port: number, target: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: target, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the page guard matches the path the app routes (percent-encoding, dots, slashes, case)', () => {
  let server: PanelServer;
  let port: number;
  let ev: TestEvent;
  let dataDir: string;
  const appSaw: string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'pb-guard-'));
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    server = createServer({
      config,
      app: (req, res) => {
        appSaw.push(req.url ?? '');
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(`APP ${req.url}`);
      }
    });
    ({ port } = await server.listen());
    ev = await createTestEvent(`http://127.0.0.1:${port}`);
  });
  afterAll(async () => {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const spellings = (b: string): string[] => [
    `/b/${b}/%6doderate`,
    `/b/${b}/%6D%6F%64%65%72%61%74%65`,
    `/b/${b}/MODERATE`,
    `/b/${b}/moderate/`,
    `//b//${b}//moderate`,
    `/b/${b}/./moderate`,
    `/b/${b}/x/../moderate`,
    `/b/${b}/%2e/moderate`,
    `/b/${b}/x/%2E%2E/moderate`,
    `/b\\${b}\\moderate`,
    `/%62/${b}/moderate`,
    `/b/${encodeURIComponent(b).replace(/./g, (c) => `%${c.charCodeAt(0).toString(16)}`)}/moderate`,
    `/x/../b/${b}/moderate`
  ];

  it('no spelling of the moderator page reaches the app without a token: 401', async () => {
    for (const target of spellings(ev.boardId)) {
      const res = await rawGet(port, target);
      expect(res.status, target).toBe(401);
      expect(res.body, target).not.toMatch(/^APP/);
    }
    expect(appSaw).toEqual([]);
  });

  it("nor with another role's token: 403", async () => {
    for (const target of spellings(ev.boardId)) {
      const res = await rawGet(port, `${target}?t=${ev.tokens.audience}`);
      expect(res.status, target).toBe(403);
    }
    expect(appSaw).toEqual([]);
  });

  it('with the right token the app gets the canonical path it was checked under', async () => {
    const res = await rawGet(port, `/b/${ev.boardId}/%6doderate/?t=${ev.tokens.moderator}`);
    expect(res.status).toBe(200);
    expect(res.body).toBe(`APP /b/${ev.boardId}/moderate?t=${ev.tokens.moderator}`);
  });

  it('a path that does not decode is refused with 400, not handed on', async () => {
    for (const target of [`/b/${ev.boardId}/%E0%A4%A`, '/b/%ZZ/view', '/%C0%AF']) {
      const res = await rawGet(port, target);
      expect(res.status, target).toBe(400);
    }
    expect(appSaw.filter((u) => !u.startsWith(`/b/${ev.boardId}/moderate`))).toEqual([]);
  });

  it('other paths still reach the app', async () => {
    const res = await rawGet(port, '/join/ABC%20D');
    expect(res.body).toBe('APP /join/ABC%20D');
  });
});
