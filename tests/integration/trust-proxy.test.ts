/**
 * TRUST_PROXY through the real server (issue 14, point 1; README "Behind a reverse proxy"): the
 * per-address connection cap counts the forwarded client address only when the peer is a trusted
 * proxy, and a client's own X-Forwarded-For entries never change whom it is counted as.
 */
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CloseCode } from '../../src/lib/protocol/close-codes.js';
import { newDeviceId } from '../../src/lib/board/identity.js';
import { mintDevice } from '../../support/device.js';
import { connectSocket } from '../../support/socket-client.js';
import { createTestEvent, startTestServer, type TestEvent, type TestServer } from '../helpers/test-server.js';

/** Opens an audience websocket with the given forwarding headers; resolves 'open' or its close code. */
function attempt(ts: TestServer, ev: TestEvent, headers: Record<string, string>, held: WebSocket[]): Promise<'open' | number> {
  const ws = new WebSocket(`${ts.wsUrl}/yjs/${ev.boardId}?token=${ev.tokens.audience}&device=${newDeviceId()}`, { headers });
  ws.on('error', () => undefined);
  held.push(ws);
  return new Promise((resolve) => {
    // An admitted socket is greeted with sync step 1 at once; a refused one only gets its close.
    ws.once('message', () => resolve('open'));
    ws.once('close', (code) => resolve(code));
  });
}

async function withServer(env: Record<string, string>, body: (ts: TestServer, ev: TestEvent, held: WebSocket[]) => Promise<void>): Promise<void> {
  const ts = await startTestServer({ env: { LIMIT_MAX_CONNECTIONS_PER_IP: '2', ...env } });
  const held: WebSocket[] = [];
  try {
    await body(ts, await createTestEvent(ts.url), held);
  } finally {
    for (const ws of held) ws.terminate();
    await ts.dispose();
  }
}

const xff = (value: string) => ({ 'x-forwarded-for': value });

describe('TRUST_PROXY decides whose address a connection counts under', () => {
  it('by default X-Forwarded-For is ignored: three "different" forwarded clients are one address', async () => {
    await withServer({}, async (ts, ev, held) => {
      expect(await attempt(ts, ev, xff('198.51.100.1'), held)).toBe('open');
      expect(await attempt(ts, ev, xff('198.51.100.2'), held)).toBe('open');
      expect(await attempt(ts, ev, xff('198.51.100.3'), held)).toBe(CloseCode.RateLimited);
    });
  });

  it('TRUST_PROXY=1: the address the proxy forwarded is believed, each client counted on its own', async () => {
    await withServer({ TRUST_PROXY: '1' }, async (ts, ev, held) => {
      expect(await attempt(ts, ev, xff('198.51.100.1'), held)).toBe('open');
      expect(await attempt(ts, ev, xff('198.51.100.1'), held)).toBe('open');
      expect(await attempt(ts, ev, xff('198.51.100.1'), held)).toBe(CloseCode.RateLimited);
      expect(await attempt(ts, ev, xff('198.51.100.2'), held)).toBe('open');
      expect(await attempt(ts, ev, { forwarded: 'for="[2001:db8:5::1]";proto=https' }, held)).toBe('open');
      const auth = { token: ev.tokens.audience, boardId: ev.boardId, deviceId: await mintDevice(ts.url) };
      await expect(connectSocket(ts.url, auth, { extraHeaders: xff('198.51.100.1') })).rejects.toMatchObject({ data: { reason: 'rate-limited' } });
      (await connectSocket(ts.url, auth, { extraHeaders: xff('198.51.100.9') })).close();
    });
  });

  it("TRUST_PROXY=1: entries a client put in front of the proxy's own are not believed (no spoofing past one hop)", async () => {
    await withServer({ TRUST_PROXY: '1' }, async (ts, ev, held) => {
      // The proxy appends the address it saw (198.51.100.1); whatever the client sent stays in front.
      expect(await attempt(ts, ev, xff('203.0.113.1, 198.51.100.1'), held)).toBe('open');
      expect(await attempt(ts, ev, xff('203.0.113.2, 198.51.100.1'), held)).toBe('open');
      expect(await attempt(ts, ev, xff('203.0.113.3, 198.51.100.1'), held)).toBe(CloseCode.RateLimited);
    });
  });

  it('a forwarding header from a peer outside the trusted list changes nothing', async () => {
    await withServer({ TRUST_PROXY: '10.0.0.0/8, 192.168.0.1' }, async (ts, ev, held) => {
      expect(await attempt(ts, ev, xff('198.51.100.1'), held)).toBe('open');
      expect(await attempt(ts, ev, { forwarded: 'for=198.51.100.2' }, held)).toBe('open');
      expect(await attempt(ts, ev, xff('198.51.100.3'), held)).toBe(CloseCode.RateLimited);
    });
  });

  it('TRUST_PROXY=loopback (the proxy on this machine) believes it', async () => {
    await withServer({ TRUST_PROXY: 'loopback' }, async (ts, ev, held) => {
      for (const client of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) expect(await attempt(ts, ev, xff(client), held)).toBe('open');
    });
  });
});
