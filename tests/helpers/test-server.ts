/** Starts a real panel-board server in-process on port 0 with a temporary DATA_DIR. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreateEventResponse } from '../../src/lib/protocol/api.js';
import type { Bus } from '../../server/sync/bus.js';
import type { Role } from '../../src/lib/roles/index.js';
import { loadConfig } from '../../server/app/config.js';
import { createServer, type PanelServer } from '../../server/app/main.js';

export interface TestServer {
  server: PanelServer;
  url: string;
  wsUrl: string;
  dataDir: string;
  /** Stops the server (keeps DATA_DIR). */
  stop(): Promise<void>;
  /** Starts a new server on the same DATA_DIR (after stop). */
  restart(): Promise<TestServer>;
  /** Stops the server and removes DATA_DIR. */
  dispose(): Promise<void>;
}

export interface TestServerOptions {
  dataDir?: string;
  env?: Record<string, string>;
  bus?: Bus;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'pb-test-')));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ...options.env });
  const server = createServer({ config, app: null, bus: options.bus });
  const { port } = await server.listen();
  const url = `http://127.0.0.1:${port}`;
  const stop = () => server.close();
  return {
    server,
    url,
    wsUrl: `ws://127.0.0.1:${port}`,
    dataDir,
    stop,
    restart: () => startTestServer({ ...options, dataDir }),
    async dispose() {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  };
}

export interface TestEvent {
  response: CreateEventResponse;
  boardId: string;
  tokens: Record<Role, string>;
}

/** Publishes (or withdraws) an event's outputs with its moderator link; the response is the caller's to check. */
export function publishOutputs(url: string, ev: TestEvent, published = true): Promise<Response> {
  return fetch(`${url}/api/events/${ev.response.eventId}/outputs?t=${ev.tokens.moderator}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ published })
  });
}

export async function createTestEvent(url: string, body: Record<string, unknown> = {}): Promise<TestEvent> {
  const res = await fetch(`${url}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Test panel', date: '2026-11-27', place: 'Praha', template: 'integration', lang: 'en', ...body })
  });
  if (res.status !== 201) throw new Error(`create event failed: ${res.status} ${await res.text()}`);
  const response = (await res.json()) as CreateEventResponse;
  const boardId = response.boards[0].id;
  const links = response.links[boardId];
  const token = (link: string): string => new URL(link).searchParams.get('t') ?? '';
  return {
    response,
    boardId,
    tokens: { moderator: token(links.moderator), panelist: token(links.panelist), audience: token(links.audience), projector: token(links.projector) }
  };
}
