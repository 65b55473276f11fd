/**
 * Hand-encoded Yjs updates (format V1) of many small structs, as an attacker builds them: valid
 * updates that a Yjs client would never produce (it merges such runs into one struct). Shared by
 * the hostile tests and the bench's "hostile cost" scenario.
 */
import * as encoding from 'lib0/encoding';

const ORIGIN = 0x80;
const RIGHT_ORIGIN = 0x40;
const PARENT_SUB = 0x20;
const CONTENT_ANY = 8;

const writeId = (e: encoding.Encoder, client: number, clock: number): void => {
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, clock);
};

/** An item under a root type (optionally at a map key) with neither origin: carries its parent. */
function rootItem(e: encoding.Encoder, root: string, key: string | null, value: unknown): void {
  encoding.writeUint8(e, CONTENT_ANY | (key === null ? 0 : PARENT_SUB));
  encoding.writeVarUint(e, 1); // parent is a root type, named
  encoding.writeVarString(e, root);
  if (key !== null) encoding.writeVarString(e, key);
  encoding.writeVarUint(e, 1);
  encoding.writeAny(e, value as never);
}

function anyContent(e: encoding.Encoder, value: unknown): void {
  encoding.writeVarUint(e, 1);
  encoding.writeAny(e, value as never);
}

export interface HostileUpdateOptions {
  /** The Yjs client id the structs claim. */
  client?: number;
  /** The first clock (the client's current state on the server, for an update that applies). */
  clock?: number;
  root?: string;
}

/**
 * `n` array items, each inserted before the previous one (rightOrigin chain): an "unshift" run.
 * About 7 bytes a struct: 130,000 of them fit a 1 MiB frame.
 */
export function unshiftRun(n: number, options: HostileUpdateOptions = {}): Uint8Array {
  const { client = 42, clock = 0, root = 'spam' } = options;
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, n);
  writeId(e, client, clock);
  rootItem(e, root, null, 0);
  for (let i = 1; i < n; i++) {
    encoding.writeUint8(e, CONTENT_ANY | RIGHT_ORIGIN);
    writeId(e, client, clock + i - 1);
    anyContent(e, undefined);
  }
  encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}

/**
 * `n` items, each with the previous one as its origin, the first at `root[key]`: every item's
 * place is only known by walking the chain back to the first. About 6 bytes a struct.
 */
export function originChain(n: number, options: HostileUpdateOptions & { key?: string } = {}): Uint8Array {
  const { client = 43, clock = 0, root = 'cards', key = 'chained' } = options;
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, n);
  writeId(e, client, clock);
  rootItem(e, root, key, 0);
  for (let i = 1; i < n; i++) {
    encoding.writeUint8(e, CONTENT_ANY | ORIGIN);
    writeId(e, client, clock + i - 1);
    anyContent(e, undefined);
  }
  encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}

/** `n` one-clock GC structs (2 bytes each): the most structs a byte buys. */
export function gcRun(n: number, options: HostileUpdateOptions = {}): Uint8Array {
  const { client = 45, clock = 0 } = options;
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, n);
  writeId(e, client, clock);
  for (let i = 0; i < n; i++) {
    encoding.writeUint8(e, 0);
    encoding.writeVarUint(e, 1);
  }
  encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}

/** A y-websocket sync update message carrying `update`. */
export function syncUpdateMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/** A y-websocket sync step 1 message with this state vector. */
export function syncStep1Message(stateVector: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint8Array(e, stateVector);
  return encoding.toUint8Array(e);
}

/** A state vector claiming `clock` for each client in `clients`: each distinct one misses any reply cache. */
export function stateVector(entries: Array<[client: number, clock: number]>): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const [client, clock] of entries) writeId(e, client, clock);
  return encoding.toUint8Array(e);
}
