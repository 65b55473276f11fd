/** The server's one HTTP route table, assembled from each feature's routes, with health and metrics. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Health } from '../../src/lib/protocol/api.js';
import { eventRoutes, type EventRoutesOptions } from '../events/routes.js';
import { identityRoutes, type IdentityRoutesOptions } from '../events/identity-routes.js';
import { privacyRoutes, type PrivacyRoutesOptions } from '../events/privacy-routes.js';
import { sendError, sendJson } from '../http/http-util.js';
import type { Route } from '../http/router.js';

export interface RouteTableOptions {
  events: EventRoutesOptions;
  identity: IdentityRoutesOptions;
  outputs: Route[];
  /** The event's privacy settings and its deletion. */
  privacy: PrivacyRoutesOptions;
  health: () => Promise<Health>;
  /** Serves GET /metrics on the main port (token checked there); absent = 404 (observability/metrics-endpoint.ts). */
  metricsEndpoint?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

export function routeTable(o: RouteTableOptions): Route[] {
  const operations: Route[] = [
    {
      method: 'GET',
      path: '/metrics',
      handler: async ({ req, res }) => (o.metricsEndpoint ? o.metricsEndpoint(req, res) : sendError(res, 404, 'not-found', 'Not found'))
    },
    {
      method: 'GET',
      path: '/healthz',
      handler: async ({ res }) => {
        const h = await o.health();
        sendJson(res, h.status === 'ok' ? 200 : 503, h);
      }
    }
  ];
  return [...o.outputs, ...identityRoutes(o.identity), ...privacyRoutes(o.privacy), ...eventRoutes(o.events), ...operations];
}
