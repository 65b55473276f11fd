import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../../server/app/limits.js';
import { createMemoryRateLimiters } from '../../../../server/limits/rate-limiter.js';
import { createConnectionLimiter } from '../../../../server/limits/connection-limits.js';
import { clientErrorStatus } from '../../../../server/http/security.js';
import { filterAwareness } from '../../../../server/sync/yjs-awareness.js';
import { MalformedMessage } from '../../../../server/sync/yjs-messages.js';

const entries = (list: Array<[number, string]>): Uint8Array => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, list.length);
  for (const [id, state] of list) {
    encoding.writeVarUint(e, id);
    encoding.writeVarUint(e, 1);
    encoding.writeVarString(e, state);
  }
  return encoding.toUint8Array(e);
};

describe('filterAwareness (awareness tied to its connection)', () => {
  it('keeps own ids, drops ids another connection owns, caps new ids, drops removals of unknown ids', () => {
    const update = entries([
      [1, '{}'],
      [2, '{}'],
      [3, '{}'],
      [4, '{}'],
      [5, 'null']
    ]);
    const result = filterAwareness(update, { own: new Set([1]), others: new Set([2]), max: 2 });
    expect(result.dropped).toBe(3);
    expect(filterAwareness(result.update!, { own: new Set([1, 3]), others: new Set(), max: 2 }).dropped).toBe(0);
  });
  it('rejects lying counts and non-JSON states as malformed', () => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1_000_000);
    expect(() => filterAwareness(encoding.toUint8Array(e), { own: new Set(), others: new Set(), max: 8 })).toThrow(MalformedMessage);
    expect(() => filterAwareness(entries([[1, '{oops']]), { own: new Set(), others: new Set(), max: 8 })).toThrow(MalformedMessage);
  });
});

describe('connection and request limiters', () => {
  const limits = {
    maxConnectionsPerBoard: 2,
    maxConnectionsPerIp: 3,
    reservedStaffConnectionsPerBoard: 2,
    connectionBurstPerIp: 1000,
    connectionsPerSecondPerIp: 1,
    maxPendingConnectionsPerIp: 2
  };
  const audience = (boardId: string, address: string) => ({ boardId, address, role: 'audience' as const });

  it('admits audience up to the per-board share and the per-address cap, and frees a slot on release (once)', async () => {
    const limiter = createConnectionLimiter({ limits });
    const a = await limiter.admit(audience('b1', '10.0.0.1'));
    const b = await limiter.admit(audience('b1', '10.0.0.1'));
    expect(await limiter.admit(audience('b1', '10.0.0.1'))).toEqual({ ok: false, reason: 'board-full' });
    expect((await limiter.admit(audience('b2', '10.0.0.1'))).ok).toBe(true);
    expect(await limiter.admit(audience('b3', '10.0.0.1'))).toEqual({ ok: false, reason: 'ip-full' });
    if (!a.ok || !b.ok) throw new Error('expected admission');
    a.release();
    a.release();
    expect((await limiter.admit(audience('b1', '10.0.0.1'))).ok).toBe(true);
    expect(await limiter.admit(audience('b1', '10.0.0.2'))).toEqual({ ok: false, reason: 'board-full' });
  });

  it('staff roles have a reserve per board and role that a full audience share and a full address never touch', async () => {
    const limiter = createConnectionLimiter({ limits });
    for (const address of ['10.0.0.1', '10.0.0.1', '10.0.0.2']) await limiter.admit(audience(address === '10.0.0.2' ? 'b2' : 'b1', address));
    expect((await limiter.admit(audience('b1', '10.0.0.9'))).ok).toBe(false);
    for (const role of ['moderator', 'projector', 'panelist'] as const) expect((await limiter.admit({ boardId: 'b1', address: '10.0.0.1', role })).ok, role).toBe(true);
    expect((await limiter.admit({ boardId: 'b1', address: '10.0.0.5', role: 'panelist' })).ok).toBe(true);
    expect(await limiter.admit({ boardId: 'b1', address: '10.0.0.6', role: 'panelist' })).toEqual({ ok: false, reason: 'staff-full' });
    expect((await limiter.admit({ boardId: 'b1', address: '10.0.0.6', role: 'moderator' })).ok).toBe(true);
  });

  it('IPv6 addresses count per /64: two addresses of one /64 share the cap, another /64 does not', async () => {
    const limiter = createConnectionLimiter({ limits: { ...limits, maxConnectionsPerBoard: 100 } });
    for (const address of ['2001:db8:1:2::a', '2001:db8:1:2:ffff::1', '2001:db8:1:2:0:0:0:b']) expect((await limiter.admit(audience('b', address))).ok).toBe(true);
    expect(await limiter.admit(audience('b', '2001:db8:1:2::c'))).toEqual({ ok: false, reason: 'ip-full' });
    expect((await limiter.admit(audience('b', '2001:db8:1:3::a'))).ok).toBe(true);
  });

  it('new audience connections per address are rate-limited (burst, then the refill rate); staff come from their own bucket', async () => {
    const limiter = createConnectionLimiter({ limits: { ...limits, maxConnectionsPerBoard: 1e6, maxConnectionsPerIp: 1e6, connectionBurstPerIp: 5 } });
    const verdicts = [];
    for (let i = 0; i < 8; i++) {
      const v = await limiter.admit(audience('b', '10.0.0.1'));
      if (v.ok) v.release();
      verdicts.push(v.ok ? 'ok' : v.reason);
    }
    expect(verdicts).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'too-fast', 'too-fast', 'too-fast']);
    expect((await limiter.admit(audience('b', '10.0.0.2'))).ok).toBe(true);
    expect((await limiter.admit({ boardId: 'b', address: '10.0.0.1', role: 'moderator' })).ok).toBe(true);
  });

  it('the default rate admits a hall (1,500 phones × 2 connections within 10 s, and again after a restart) and refuses a sustained flood', async () => {
    let now = 0;
    const limiter = createConnectionLimiter({
      limits: { ...DEFAULT_LIMITS, maxConnectionsPerBoard: 1e9, maxConnectionsPerIp: 1e9 },
      limiters: createMemoryRateLimiters({ now: () => now })
    });
    const open = async (count: number, overMs: number): Promise<number> => {
      let admitted = 0;
      const start = now;
      for (let i = 0; i < count; i++) {
        now = start + Math.floor((i * overMs) / count);
        const v = await limiter.admit(audience('b', '203.0.113.7'));
        if (v.ok) admitted += 1;
      }
      now = start + overMs;
      return admitted;
    };
    expect(await open(3000, 10_000)).toBe(3000);
    now += 60_000; // the hall settles; a minute later the server restarts and every phone reconnects at once
    expect(await open(3000, 2_000)).toBe(3000);
    now += 60_000;
    // A flood: 2,000 a second for 30 s. Past the burst only the refill passes (100/s).
    const admitted = await open(60_000, 30_000);
    expect(admitted).toBeLessThanOrEqual(DEFAULT_LIMITS.connectionBurstPerIp + 30 * DEFAULT_LIMITS.connectionsPerSecondPerIp + 1);
    expect(admitted).toBeLessThan(60_000 / 8);
  });

  it('pending (unauthenticated) connections: at most N per address, the oldest evicted; ended ones free their place', () => {
    const limiter = createConnectionLimiter({ limits });
    const evicted: string[] = [];
    const end1 = limiter.pending('10.0.0.1', () => evicted.push('one'));
    limiter.pending('10.0.0.1', () => evicted.push('two'));
    limiter.pending('10.0.0.2', () => evicted.push('other address'));
    limiter.pending('10.0.0.1', () => evicted.push('three'));
    expect(evicted).toEqual(['one']);
    end1();
    limiter.pending('10.0.0.1', () => evicted.push('four'));
    expect(evicted).toEqual(['one', 'two']);
  });

  it('maps parser errors to 431, 408 and 400', () => {
    expect(clientErrorStatus({ code: 'HPE_HEADER_OVERFLOW' })).toMatch(/^431/);
    expect(clientErrorStatus({ code: 'ERR_HTTP_REQUEST_TIMEOUT' })).toMatch(/^408/);
    expect(clientErrorStatus(new Error('x'))).toMatch(/^400/);
  });
});
