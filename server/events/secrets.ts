/**
 * Server-wide secrets (the device HMAC key, the key the audience token is sealed under): taken
 * from the configuration when given, else generated once and kept in the event store, so every
 * instance and every restart agrees (EventStore.serverSecret: SQLite, or a SET NX in Redis).
 * Loaded on first use and cached; a failed load (Redis down at start-up) is retried next time.
 */
import { createHmac, randomBytes } from 'node:crypto';

export type SecretSource = () => Promise<Buffer>;

/** The key for `name` derived from a configured secret (DEVICE_SECRET). */
export const derivedSecret = (configured: string, name: string): Buffer => createHmac('sha256', configured).update(`panel-board:${name}`).digest();

export function storedSecret(options: { name: string; configured?: string | null; store: { serverSecret(name: string, fresh: string): Promise<string> } }): SecretSource {
  let loaded: Promise<Buffer> | null = null;
  const load = async (): Promise<Buffer> => {
    // A configured secret serves every purpose, each under a key of its own.
    if (options.configured) return derivedSecret(options.configured, options.name);
    return Buffer.from(await options.store.serverSecret(options.name, randomBytes(32).toString('base64url')), 'base64url');
  };
  return () => {
    loaded ??= load().catch((err: unknown) => {
      loaded = null;
      throw err;
    });
    return loaded;
  };
}
