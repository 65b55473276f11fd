/**
 * Starting on Redis: the server listens once its Redis connections are ready, so the first
 * request after start-up does not meet a connection still opening (commands fail fast while it
 * is not ready, and creating an event answered 500). Redis is reached through a TCP relay that
 * holds each new connection for a while, as a loaded machine or a distant Redis does.
 */
import { createConnection, createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../server/app/config.js';
import { createServer } from '../../server/app/main.js';
import { runPrefix, startPrivateRedis, type TestRedis } from '../helpers/redis.js';
import { createTestEvent, startTestServer, type TestServer } from '../helpers/test-server.js';

const HOLD_MS = 400;

/** Relays TCP to `port` after holding each new connection `holdMs`. */
async function slowRelay(port: number, holdMs: number): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createTcpServer((client) => {
    client.pause();
    sockets.add(client);
    setTimeout(() => {
      const upstream = createConnection({ host: '127.0.0.1', port });
      sockets.add(upstream);
      client.pipe(upstream).pipe(client);
      client.resume();
      const end = (): void => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    }, holdMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: relayPort } = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${relayPort}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  };
}

describe('start-up on a Redis that takes a while to answer', () => {
  let redis: TestRedis;
  let relay: Awaited<ReturnType<typeof slowRelay>>;
  let ts: TestServer | undefined;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    relay = await slowRelay(Number(new URL(redis.url).port), HOLD_MS);
  });
  afterAll(async () => {
    await ts?.dispose();
    await relay?.close();
    await redis?.stop();
  });

  it('answers the first request after listen: an event is created, not a 500', async () => {
    ts = await startTestServer({ env: { REDIS_URL: relay.url, REDIS_PREFIX: runPrefix('startup') } });
    const ev = await createTestEvent(ts.url);
    expect(ev.boardId).toBeTruthy();
    expect((await fetch(`${ts.url}/healthz`)).status).toBe(200);
  });

  it('closed while it waits for Redis, it never listens', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'pb-test-'));
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', REDIS_URL: relay.url, REDIS_PREFIX: runPrefix('startup-closed') });
    const server = createServer({ config, app: null });
    const listening = server.listen().then(
      ({ port }) => `listening on ${port}`,
      (err: Error) => err.message
    );
    await server.close();
    expect(await listening).toMatch(/closed while it waited for Redis/);
    await rm(dataDir, { recursive: true, force: true });
  });
});
