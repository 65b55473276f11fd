import { describe, expect, it } from 'vitest';
import { createDeviceIds, issueCredential, verifyCredential } from '../../../../server/events/devices.js';
import { storedSecret } from '../../../../server/events/secrets.js';
import { isDeviceId, newDeviceId } from '../../../../src/lib/board/identity.js';

const key = Buffer.alloc(32, 1);

describe('device identities (server/events/devices.ts)', () => {
  it('D1: an issued credential verifies under its key, has the shape handshakes accept, and differs each time', () => {
    const a = issueCredential(key);
    expect(isDeviceId(a)).toBe(true);
    expect(a).toHaveLength(43);
    expect(verifyCredential(key, a)).toBe(true);
    expect(issueCredential(key)).not.toBe(a);
  });

  it('D2: a client-made id, a flipped MAC, another key, wrong types: none verifies', () => {
    const a = issueCredential(key);
    const flipped = a.slice(0, 40) + (a[40] === 'A' ? 'B' : 'A') + a.slice(41);
    for (const bad of [newDeviceId(), flipped, issueCredential(Buffer.alloc(32, 2)), '', 'x'.repeat(43), 42, null, undefined, { a }])
      expect(verifyCredential(key, bad)).toBe(false);
  });

  it('D3: the stored secret is created once (first writer wins) and cached; a configured one is used instead', async () => {
    const kept = new Map<string, string>();
    let writes = 0;
    const store = {
      async serverSecret(name: string, fresh: string) {
        writes += 1;
        if (!kept.has(name)) kept.set(name, fresh);
        return kept.get(name) as string;
      }
    };
    const one = createDeviceIds({ secret: storedSecret({ name: 'device-hmac', store }) });
    const two = createDeviceIds({ secret: storedSecret({ name: 'device-hmac', store }) });
    const id = await one.issue();
    expect(await two.verify(id)).toBe(true);
    await one.issue();
    expect(writes).toBe(2);
    const configured = createDeviceIds({ secret: storedSecret({ name: 'device-hmac', store, configured: 'x'.repeat(32) }) });
    expect(await configured.verify(id)).toBe(false);
    expect(await configured.verify(await configured.issue())).toBe(true);
  });
});
