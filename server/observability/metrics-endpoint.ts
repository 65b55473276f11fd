/**
 * `GET /metrics`, never public by accident: it names boards' load and every refusal. It is served
 * - with `METRICS_PORT`, on that port only (bind it where only the scraper reaches it);
 * - with `METRICS_TOKEN`, only to `Authorization: Bearer <token>` (on whichever port serves it);
 * - with neither, nowhere (404).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from './metrics.js';

export type MetricsEndpoint = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

export function createMetricsEndpoint(options: { metrics: Pick<Metrics, 'render' | 'rejected'>; token: string | null }): MetricsEndpoint {
  const expected = options.token === null ? null : digest(options.token);
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Use GET', { allow: 'GET, HEAD' });
    if (expected) {
      const header = req.headers.authorization ?? '';
      const given = /^Bearer +(.+)$/i.exec(header)?.[1]?.trim() ?? '';
      // Digests of equal length, compared in constant time: neither the token nor its length leaks.
      if (!timingSafeEqual(digest(given), expected)) {
        options.metrics.rejected('metrics-unauthorized');
        return plain(res, 401, 'A bearer token is required', { 'www-authenticate': 'Bearer realm="metrics"' });
      }
    }
    const text = await options.metrics.render();
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? '' : text);
  };
}

export interface MetricsServer {
  /** Listens; resolves with the port (METRICS_PORT=0 picks a free one). */
  listen(): Promise<number>;
  close(): Promise<void>;
}

/** The separate listener for METRICS_PORT: /metrics and nothing else. */
export function createMetricsServer(options: { endpoint: MetricsEndpoint; host: string; port: number }): MetricsServer {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') return plain(res, 404, 'Not found');
    options.endpoint(req, res).catch(() => {
      if (res.headersSent) res.destroy();
      else plain(res, 500, 'Internal error');
    });
  });
  return {
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, options.host, () => resolve((server.address() as AddressInfo).port));
      }),
    close: () =>
      new Promise((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      })
  };
}
