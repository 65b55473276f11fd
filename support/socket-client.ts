/** socket.io clients for tests. */
import { io, type Socket } from 'socket.io-client';
import { mintDevice } from './device.js';
import type { AckResult } from '../src/lib/protocol/errors.js';

export type TestSocket = Socket;

/** `options` adds client options, e.g. `{ localAddress: '127.0.0.2' }` to connect from another loopback address. */
export function connectSocket(url: string, auth: Record<string, unknown>, options: Record<string, unknown> = {}): Promise<Socket> {
  const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true, ...options });
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
  return socket.timeout(10_000).emitWithAck(event, ...args) as Promise<AckResult<T>>;
}
