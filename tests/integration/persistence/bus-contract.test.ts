/** The Bus contract (B1), run against the in-process bus. */
import { describe, expect, it } from 'vitest';
import { createMemoryBus } from '../../../server/infra/memory/bus-memory.js';
import { channelName, type Bus } from '../../../server/sync/bus.js';
import { waitFor } from '../../../support/wait.js';

const BUSES: Record<string, () => Bus> = { memory: createMemoryBus };

for (const [name, make] of Object.entries(BUSES)) {
  describe(`Bus contract: ${name}`, () => {
    it('B1: subscribers of a channel receive published bytes; others and unsubscribed ones do not', async () => {
      const bus = make();
      const a: number[][] = [];
      const b: number[][] = [];
      const channel = channelName({ kind: 'doc', docName: 'x' });
      const stopA = bus.subscribe(channel, (m) => a.push([...m]));
      bus.subscribe(channelName({ kind: 'doc', docName: 'y' }), (m) => b.push([...m]));
      await bus.publish(channel, new Uint8Array([1, 2]));
      await waitFor(() => a.length === 1, 'delivery');
      stopA();
      await bus.publish(channel, new Uint8Array([3]));
      await bus.publish(channelName({ kind: 'doc', docName: 'y' }), new Uint8Array([4]));
      await waitFor(() => b.length === 1, 'delivery on the other channel');
      expect(a).toEqual([[1, 2]]);
      expect(b).toEqual([[4]]);
      await bus.close();
    });
  });
}
