/** Two server instances on one Redis, as scale-out runs them: the tests of limits, revocation and files across instances. */
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

/** Starts instances `<name>-a` and `<name>-b` on `redisUrl` with `env`, and waits until both reach Redis. */
export async function startInstancePair(name: string, redisUrl: string, env: Record<string, string> = {}): Promise<InstancePair> {
  const prefix = runPrefix(name);
  const shared = { ...env, REDIS_URL: redisUrl, REDIS_PREFIX: prefix };
  const a = await startTestServer({ env: { ...shared, INSTANCE_ID: `${name}-a` } });
  const b = await startTestServer({ env: { ...shared, INSTANCE_ID: `${name}-b` } });
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
