/** Device identities for tests: issued by the server under test, like a phone gets one (POST /api/device). */
import type { DeviceResult } from '../src/lib/protocol/api.js';

/** A new server-issued device credential; `url` may be the http or the ws base of the server. */
export async function mintDevice(url: string, init: { headers?: Record<string, string> } = {}): Promise<string> {
  const res = await fetch(`${url.replace(/^ws/, 'http')}/api/device`, { method: 'POST', headers: { 'content-type': 'application/json', ...init.headers }, body: '{}' });
  if (res.status !== 201) throw new Error(`POST /api/device: ${res.status} ${await res.text()}`);
  return ((await res.json()) as DeviceResult).deviceId;
}
