/** socket.io clients for tests. */
import { io, type Socket } from 'socket.io-client';
import { newDeviceId } from '../../src/lib/board/identity.js';
import type { AckResult } from '../../src/lib/protocol/errors.js';

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

export function connectAs(url: string, boardId: string, token: string, deviceId = newDeviceId()): Promise<Socket> {
  return connectSocket(url, { token, boardId, deviceId });
}

/** Emits with an ack and resolves with the server's answer. */
export function call<T = unknown>(socket: Socket, event: string, ...args: unknown[]): Promise<AckResult<T>> {
  return socket.timeout(10_000).emitWithAck(event, ...args) as Promise<AckResult<T>>;
}
