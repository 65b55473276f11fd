/**
 * The plain-node HTTP adapter: the request guard and security headers, the one route table
 * (router.ts), the guard in front of the app's pages, and everything else handed to the
 * SvelteKit app handler. Errors are mapped to HTTP here, once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Limits } from '../app/limits.js';
import { peerAddress, type AddressOf } from '../limits/connection-limits.js';
import { InsufficientStorageError } from '../limits/storage-budget.js';
import { HttpError, sendError } from './http-util.js';
import { canonicalUrl } from './page-path.js';
import { createRequestGuard } from './request-guard.js';
import { createRouter, type Route } from './router.js';
import { APP_FALLBACK_CSP, setSecurityHeaders } from './security.js';

export type AppHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** Lets a page through (true), or answers the request itself (false). */
export type PageGuard = (req: IncomingMessage, res: ServerResponse, url: URL, segments: readonly string[]) => Promise<boolean>;

export interface HttpHandlerOptions {
  routes: readonly Route[];
  /** Guards the app's pages (the board pages need a token of their role). */
  pages: PageGuard;
  limits: Limits;
  logger: Logger;
  /** The client address of a request (TRUST_PROXY); defaults to the peer address. */
  addressOf?: AddressOf;
  publicUrl: () => string;
  /** The SvelteKit handler (adapter-node build, or Vite's middlewares in dev). */
  app: AppHandler | null;
  /** Counts refusals by reason. */
  metrics?: { rejected(reason: string): void };
}

const notFound = (res: ServerResponse): void => sendError(res, 404, 'not-found', 'Not found');

function fail(options: HttpHandlerOptions, req: IncomingMessage, res: ServerResponse, err: unknown): void {
  if (res.headersSent) return void res.destroy();
  if (err instanceof HttpError) return sendError(res, err.status, err.reason, err.message);
  if (err instanceof InsufficientStorageError) {
    options.logger.warn({ method: req.method, path: req.url?.split('?')[0] }, err.message);
    options.metrics?.rejected('insufficient-storage');
    return sendError(res, 507, 'insufficient-storage', err.message);
  }
  if (err instanceof URIError) return sendError(res, 400, 'invalid-payload', 'Malformed URL');
  options.logger.error({ err, method: req.method }, 'request failed');
  sendError(res, 500, 'internal', 'Internal error');
}

export function createHttpHandler(options: HttpHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const guard = createRequestGuard({ limits: options.limits, addressOf: options.addressOf ?? peerAddress, onRefuse: (reason) => options.metrics?.rejected(`http-${reason}`) });
  const router = createRouter(options.routes);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const canonical = canonicalUrl(req.url ?? '/');
    if (!canonical) throw new HttpError(400, 'invalid-payload', 'Malformed URL');
    // Every route below, and the app, sees the path it was checked under.
    req.url = canonical.href;
    const url = new URL(canonical.href, 'http://localhost');
    if (await router.handle(req, res, url)) return;
    if (url.pathname.startsWith('/api/')) return notFound(res);
    if (!(await options.pages(req, res, url, canonical.segments))) return;
    // The app's pages carry their own full policy (kit.csp, hashes); this fallback covers its assets.
    res.setHeader('content-security-policy', APP_FALLBACK_CSP);
    if (options.app) options.app(req, res, () => notFound(res));
    else notFound(res);
  }

  return (req, res) => {
    setSecurityHeaders(res, { hsts: options.publicUrl().startsWith('https://') });
    if (!guard(req, res)) return;
    route(req, res).catch((err: unknown) => fail(options, req, res, err));
  };
}
