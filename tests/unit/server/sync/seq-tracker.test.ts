import { describe, expect, it } from 'vitest';
import { createSeqTracker } from '../../../../server/sync/seq-tracker.js';
import { decodeEnvelope, encodeEnvelope } from '../../../../server/sync/envelope.js';
import * as encoding from 'lib0/encoding';

describe('seq tracker (anti-entropy)', () => {
  it('counts an entry missing only once a whole check has passed since it was stored (not while it is in flight)', () => {
    const t = createSeqTracker(0);
    t.loaded(5);
    expect(t.behind(5)).toBe(false);
    t.heard(7); // 6 is on its way, or lost
    expect(t.upTo()).toBe(5);
    expect(t.behind(7)).toBe(false); // stored since the last check: maybe still in flight
    expect(t.behind(7)).toBe(true); // a whole cycle later and still missing: lost
    t.heard(6); // late, out of order
    expect(t.upTo()).toBe(7);
    expect(t.behind(7)).toBe(false);
  });

  it('a board under steady writes is never behind while every entry arrives within a cycle', () => {
    const t = createSeqTracker(0);
    let stored = 0;
    for (let cycle = 0; cycle < 20; cycle++) {
      // each cycle: 30 entries stored and heard, and 3 more stored but still on the bus at the check
      for (let i = 0; i < 30; i++) t.heard(++stored);
      const head = stored + 3;
      expect(t.behind(head)).toBe(false);
      for (let i = 0; i < 3; i++) t.heard(++stored);
    }
  });

  it('an entry stored and never heard is caught by the next check but one', () => {
    const t = createSeqTracker(0);
    t.loaded(10);
    expect(t.behind(11)).toBe(false);
    expect(t.behind(11)).toBe(true);
  });

  it('a load resets to the loaded head, keeping later entries heard meanwhile', () => {
    const t = createSeqTracker(3);
    t.heard(9);
    t.heard(11);
    t.loaded(10);
    expect(t.upTo()).toBe(11);
    expect(t.gaps()).toBe(0);
    // The store lost data (Redis restarted without persistence): its head is below ours, at once.
    expect(t.behind(2)).toBe(true);
    t.loaded(2);
    expect(t.behind(2)).toBe(false);
  });
});

describe('bus envelope', () => {
  it('carries the sequence number last, so an envelope without one still decodes (seq 0)', () => {
    const update = Uint8Array.from([1, 2, 3]);
    expect(decodeEnvelope(encodeEnvelope({ sender: 'a', update, seq: 42 }))).toEqual({ sender: 'a', update, seq: 42 });
    const old = encoding.createEncoder();
    encoding.writeVarString(old, 'b');
    encoding.writeVarUint8Array(old, update);
    expect(decodeEnvelope(encoding.toUint8Array(old))).toEqual({ sender: 'b', update, seq: 0 });
  });
});
