import { describe, expect, it } from 'vitest';
import { createSeqTracker } from '../../../../server/sync/seq-tracker.js';
import { decodeEnvelope, encodeEnvelope } from '../../../../server/sync/envelope.js';
import * as encoding from 'lib0/encoding';

describe('seq tracker (anti-entropy)', () => {
  it('holds every entry up to the head only when none is missing below it', () => {
    const t = createSeqTracker(0);
    t.loaded(5);
    expect(t.behind(5)).toBe(false);
    t.heard(7); // 6 was lost
    expect(t.upTo()).toBe(5);
    expect(t.behind(7)).toBe(true);
    t.heard(6); // late, out of order
    expect(t.upTo()).toBe(7);
    expect(t.behind(7)).toBe(false);
    expect(t.behind(8)).toBe(true); // stored, never heard
  });

  it('a load resets to the loaded head, keeping later entries heard meanwhile', () => {
    const t = createSeqTracker(3);
    t.heard(9);
    t.heard(11);
    t.loaded(10);
    expect(t.upTo()).toBe(11);
    expect(t.gaps()).toBe(0);
    // The store lost data (Redis restarted without persistence): its head is below ours.
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
