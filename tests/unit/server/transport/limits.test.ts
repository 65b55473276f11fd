import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { createConnectionLimiter } from '../../../../server/transport/connection-limits.js';
import { clientErrorStatus } from '../../../../server/transport/security.js';
import { filterAwareness } from '../../../../server/transport/yjs-awareness.js';
import { MalformedMessage } from '../../../../server/transport/yjs-messages.js';

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
    const update = entries([[1, '{}'], [2, '{}'], [3, '{}'], [4, '{}'], [5, 'null']]);
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
  it('admits up to the per-board and per-IP caps and frees a slot on release (once)', () => {
    const limiter = createConnectionLimiter({ maxConnectionsPerBoard: 2, maxConnectionsPerIp: 3 });
    const a = limiter.admit('b1', 'ip');
    const b = limiter.admit('b1', 'ip');
    expect(limiter.admit('b1', 'ip')).toEqual({ ok: false, reason: 'board-full' });
    expect(limiter.admit('b2', 'ip').ok).toBe(true);
    expect(limiter.admit('b3', 'ip')).toEqual({ ok: false, reason: 'ip-full' });
    if (!a.ok || !b.ok) throw new Error('expected admission');
    a.release();
    a.release();
    expect(limiter.admit('b1', 'ip').ok).toBe(true);
    expect(limiter.admit('b1', 'other')).toEqual({ ok: false, reason: 'board-full' });
  });
  it('maps parser errors to 431, 408 and 400', () => {
    expect(clientErrorStatus({ code: 'HPE_HEADER_OVERFLOW' })).toMatch(/^431/);
    expect(clientErrorStatus({ code: 'ERR_HTTP_REQUEST_TIMEOUT' })).toMatch(/^408/);
    expect(clientErrorStatus(new Error('x'))).toMatch(/^400/);
  });
});
