/** Participant and voter keys (src/lib/board/identity.ts). */
import { toBase64 } from 'lib0/buffer';
import { digest } from 'lib0/hash/sha256';
import { describe, expect, it } from 'vitest';
import { newDeviceId, participantKey, voterKey } from '../../../src/lib/board/identity.js';

const hash = (text: string): string =>
  toBase64(digest(new TextEncoder().encode(text)).subarray(0, 12))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');

describe('voter keys', () => {
  it('are stable per board and device, and differ between boards and devices', () => {
    const d = newDeviceId();
    expect(voterKey('b1', d)).toBe(voterKey('b1', d));
    expect(voterKey('b1', d)).not.toBe(voterKey('b2', d));
    expect(voterKey('b1', d)).not.toBe(voterKey('b1', newDeviceId()));
  });

  it('cannot be computed from the participant key (the authorKey anyone reads on a card)', () => {
    const d = newDeviceId();
    const pk = participantKey('b1', d);
    const v = voterKey('b1', d);
    expect(v).not.toBe(pk);
    // The derivations of the public key that an observer could try all miss.
    for (const guess of [hash(`panel-board:vote:${pk}`), hash(`panel-board:b1:${pk}`), hash(pk)]) expect(v).not.toBe(guess);
  });
});
