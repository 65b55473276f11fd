/** socket.io clients for tests. */
import { io, type Socket } from 'socket.io-client';
import { mintDevice } from './device.js';
import type { AckResult } from '../src/lib/protocol/errors.js';

export type TestSocket = Socket;

/**
 * A test's patience: long enough for a machine busy with other test files (a failing test only
 * waits longer), the client's defaults (20 s to connect, our 10 s for an ack) being too short there.
 */
const CONNECT_MS = 60_000;
const ACK_MS = 30_000;

/** `options` adds client options, e.g. `{ localAddress: '127.0.0.2' }` to connect from another loopback address. */
export function connectSocket(url: string, auth: Record<string, unknown>, options: Record<string, unknown> = {}): Promise<Socket> {
  const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true, timeout: CONNECT_MS, ...options });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** Connects with `deviceId`, or with a new one the server issues. */
export async function connectAs(url: string, boardId: string, token: string, deviceId?: string): Promise<Socket> {
  return connectSocket(url, { token, boardId, deviceId: deviceId ?? (await mintDevice(url)) });
}

/** Emits with an ack and resolves with the server's answer. */
export function call<T = unknown>(socket: Socket, event: string, ...args: unknown[]): Promise<AckResult<T>> {
  return socket.timeout(ACK_MS).emitWithAck(event, ...args) as Promise<AckResult<T>>;
}
