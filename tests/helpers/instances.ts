/** Two server instances on one Redis, as scale-out runs them: the tests of limits, revocation and files across instances. */
import type { Bus } from '../../server/sync/bus.js';
import { runPrefix } from './redis.js';
import { startTestServer, type TestServer } from './test-server.js';
import { waitFor } from '../../support/wait.js';

export interface InstancePair {
  a: TestServer;
  b: TestServer;
  /** The Redis key prefix both share (REDIS_PREFIX), fresh for this run. */
  prefix: string;
  dispose(): Promise<void>;
}

/**
 * Starts instances `<name>-a` and `<name>-b` on `redisUrl` with `env`, and waits until both reach
 * Redis. `buses`: an instance's bus instead of Redis pub/sub (a gated one, to hold its deliveries).
 */
export async function startInstancePair(name: string, redisUrl: string, env: Record<string, string> = {}, buses: { a?: Bus; b?: Bus } = {}): Promise<InstancePair> {
  const prefix = runPrefix(name);
  const shared = { ...env, REDIS_URL: redisUrl, REDIS_PREFIX: prefix };
  const a = await startTestServer({ env: { ...shared, INSTANCE_ID: `${name}-a` }, bus: buses.a });
  const b = await startTestServer({ env: { ...shared, INSTANCE_ID: `${name}-b` }, bus: buses.b });
  for (const s of [a, b]) await waitFor(async () => (await fetch(`${s.url}/healthz`)).status === 200, 'the instance to reach Redis');
  return {
    a,
    b,
    prefix,
    async dispose() {
      await b.dispose();
      await a.dispose();
    }
  };
}

/** A view of a bus whose deliveries to this subscriber can be held back (a slow or lost link). */
export function gatedBus(inner: Bus): { bus: Bus; hold(): void; release(): void } {
  let holding = false;
  const held: Array<() => void> = [];
  return {
    bus: {
      ...inner,
      subscribe: (channel, handler) => inner.subscribe(channel, (message) => (holding ? held.push(() => handler(message)) : handler(message)))
    },
    hold: () => void (holding = true),
    release() {
      holding = false;
      for (const deliver of held.splice(0)) deliver();
    }
  };
}
