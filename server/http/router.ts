/**
 * The one HTTP route table: method, path pattern, handler. A pattern is a path whose `:name`
 * segments (or segment suffixes, as in `export.:format`) are parameters; each matches an id
 * (`[A-Za-z0-9_-]{1,64}`) unless the route gives its own pattern in `params`. HEAD is served by
 * the GET route; a path that matches under other methods only is answered 405 once, here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './http-util.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** The path parameters, by name, as they stand in the canonical path. */
  params: Record<string, string>;
}

/** `'app'`: the route lets the request through to the app (a page guard that found nothing wrong). */
export type RouteHandler = (c: RouteContext) => Promise<void | 'app'>;

export interface Route {
  method: Method;
  path: string;
  handler: RouteHandler;
  /** A pattern (regular expression source) for a parameter that is no id. */
  params?: Record<string, string>;
}

export interface Router {
  /** Runs the matching route; false when no route matches the path or the route hands it to the app. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
}

/** The id of an event, board or material in a path. */
export const ID_PATTERN = '[A-Za-z0-9_-]{1,64}';

interface Compiled {
  route: Route;
  pattern: RegExp;
  names: string[];
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile(route: Route): Compiled {
  const names: string[] = [];
  const source = route.path
    .split(/(:[A-Za-z]+)/)
    .map((part) => {
      if (!part.startsWith(':')) return escapeRegExp(part);
      const name = part.slice(1);
      names.push(name);
      return `(${route.params?.[name] ?? ID_PATTERN})`;
    })
    .join('');
  return { route, pattern: new RegExp(`^${source}$`), names };
}

export function createRouter(routes: readonly Route[]): Router {
  const table = routes.map(compile);
  return {
    async handle(req, res, url) {
      const method = req.method ?? 'GET';
      const matches = table.flatMap((c) => {
        const match = c.pattern.exec(url.pathname);
        return match ? [{ c, values: match.slice(1) }] : [];
      });
      if (matches.length === 0) return false;
      const found = matches.find(({ c }) => c.route.method === method || (c.route.method === 'GET' && method === 'HEAD'));
      if (!found) throw new HttpError(405, 'invalid-payload', `Use ${[...new Set(matches.map(({ c }) => c.route.method))].join(' or ')}`);
      const params = Object.fromEntries(found.c.names.map((name, i) => [name, found.values[i]]));
      return (await found.c.route.handler({ req, res, url, params })) !== 'app';
    }
  };
}
