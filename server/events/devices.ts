/**
 * Device identities the server can trust. The vote budget, the single poll ballot and the
 * submission quotas are counted per device, so a device id a client could make up at will
 * would let one phone vote as many people as it likes. The server therefore issues them:
 * a credential is 16 random bytes followed by the first 16 bytes of HMAC-SHA256(secret, id),
 * base64url (43 characters, the shape `isDeviceId` accepts). The phone keeps it
 * (localStorage) and presents it on every connection; a credential whose MAC does not verify
 * is no identity at all. Only `POST /api/device` makes new ones, and only as fast as the
 * per-address limit allows (server/events/identity-routes.ts).
 *
 * The secret is derived from DEVICE_SECRET, or generated once and kept in the event store, so
 * every instance and every restart agrees (server/events/secrets.ts).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SecretSource } from './secrets.js';

const ID_BYTES = 16;
const MAC_BYTES = 16;
const CREDENTIAL = /^[A-Za-z0-9_-]{43}$/;

export interface DeviceIds {
  /** A new credential (id + MAC). */
  issue(): Promise<string>;
  /** True when `credential` is one this server (or another instance with its secret) issued. */
  verify(credential: unknown): Promise<boolean>;
}

const macOf = (secret: Buffer, id: Buffer): Buffer => createHmac('sha256', secret).update('panel-board:device:').update(id).digest().subarray(0, MAC_BYTES);

/** A new credential under `secret`. */
export function issueCredential(secret: Buffer): string {
  const id = randomBytes(ID_BYTES);
  return Buffer.concat([id, macOf(secret, id)]).toString('base64url');
}

/** True when `credential` carries a valid MAC under `secret` (constant-time comparison). */
export function verifyCredential(secret: Buffer, credential: unknown): boolean {
  if (typeof credential !== 'string' || !CREDENTIAL.test(credential)) return false;
  const bytes = Buffer.from(credential, 'base64url');
  if (bytes.length !== ID_BYTES + MAC_BYTES) return false;
  return timingSafeEqual(macOf(secret, bytes.subarray(0, ID_BYTES)), bytes.subarray(ID_BYTES));
}

/** `secret` is the HMAC key (server/events/secrets.ts: DEVICE_SECRET, or stored once). */
export function createDeviceIds(options: { secret: SecretSource }): DeviceIds {
  const key = options.secret;
  return {
    issue: async () => issueCredential(await key()),
    async verify(credential) {
      // Shape first: garbage costs no secret load and no HMAC.
      if (typeof credential !== 'string' || !CREDENTIAL.test(credential)) return false;
      return verifyCredential(await key(), credential);
    }
  };
}
