/**
 * What one address may hold of the HTTP server: at most `maxRequestsInFlightPerIp` requests at
 * once (429 past it), and no request body that trickles. A body up to `maxBodyBytes` (every JSON
 * body) must arrive within `bodyTimeoutMs`; a larger or chunked one (an upload, an import) must
 * keep `minBodyBytesPerSecond` over each `bodyTimeoutMs` window. Past either: 408, connection closed.
 *
 * The bytes are counted on the socket, not by reading the body: the handler stays the body's only
 * reader. A window in which the handler itself is not reading (the request's buffer is full), or
 * the event loop was stalled, is the server's delay and never counts against the client.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Limits } from '../app/limits.js';
import { addressKey } from '../limits/address.js';
import type { AddressOf } from '../limits/connection-limits.js';
import { sendError } from './http-util.js';

export type RequestRefusal = 'in-flight' | 'body-timeout' | 'body-too-slow';

export interface RequestGuardOptions {
  limits: Pick<Limits, 'maxRequestsInFlightPerIp' | 'bodyTimeoutMs' | 'minBodyBytesPerSecond' | 'maxBodyBytes'>;
  addressOf: AddressOf;
  onRefuse?: (reason: RequestRefusal) => void;
}

/** Admits a request (true), or answers it and returns false. */
export type RequestGuard = (req: IncomingMessage, res: ServerResponse) => boolean;

function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

function refuse(res: ServerResponse, req: IncomingMessage, status: number, message: string): void {
  if (res.headersSent) return void req.socket.destroy();
  res.setHeader('connection', 'close');
  if (status === 429) res.setHeader('retry-after', '1');
  sendError(res, status, status === 429 ? 'rate-limited' : 'invalid-payload', message);
  // The unread body must not keep the socket: close it once the answer is out.
  res.once('finish', () => req.socket.destroy());
}

function watchBody(req: IncomingMessage, res: ServerResponse, options: RequestGuardOptions): void {
  const { bodyTimeoutMs, minBodyBytesPerSecond, maxBodyBytes } = options.limits;
  const declared = req.headers['transfer-encoding'] === undefined ? Number(req.headers['content-length']) : NaN;
  const small = Number.isFinite(declared) && declared <= maxBodyBytes;
  const minPerWindow = (minBodyBytesPerSecond * bodyTimeoutMs) / 1000;
  let lastRead = req.socket.bytesRead;
  let lastTick = Date.now();
  const timer = setInterval(() => {
    if (req.complete) return clearInterval(timer);
    const read = req.socket.bytesRead - lastRead;
    const late = Date.now() - lastTick > 1.5 * bodyTimeoutMs;
    lastRead = req.socket.bytesRead;
    lastTick = Date.now();
    // Not the client's fault: the handler is not reading (its buffer is full), or the event loop
    // was stalled (this tick is late, and the bytes that came meanwhile are not read yet).
    if (req.readableLength >= req.readableHighWaterMark || late) return;
    if (small || read < minPerWindow) {
      clearInterval(timer);
      options.onRefuse?.(small ? 'body-timeout' : 'body-too-slow');
      refuse(
        res,
        req,
        408,
        small ? `The request body did not arrive within ${bodyTimeoutMs} ms` : `The request body arrived slower than ${minBodyBytesPerSecond} bytes per second`
      );
    }
  }, bodyTimeoutMs);
  timer.unref();
  res.once('close', () => clearInterval(timer));
}

export function createRequestGuard(options: RequestGuardOptions): RequestGuard {
  const inFlight = new Map<string, number>();
  return (req, res) => {
    const key = addressKey(options.addressOf(req));
    const held = inFlight.get(key) ?? 0;
    if (held >= options.limits.maxRequestsInFlightPerIp) {
      options.onRefuse?.('in-flight');
      refuse(res, req, 429, `Too many requests in flight from this address; at most ${options.limits.maxRequestsInFlightPerIp}`);
      return false;
    }
    inFlight.set(key, held + 1);
    res.once('close', () => {
      const left = (inFlight.get(key) ?? 1) - 1;
      if (left <= 0) inFlight.delete(key);
      else inFlight.set(key, left);
    });
    if (hasBody(req)) watchBody(req, res, options);
    return true;
  };
}
