/**
 * The one route table (server/http/router.ts): path parameters (ids by default, a route's own
 * pattern otherwise), HEAD served by GET, 405 naming the methods a path has, and a route that
 * hands the request on to the app.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../../server/http/http-util.js';
import { createRouter, type Route } from '../../../../server/http/router.js';

const request = (method: string) => ({ method }) as IncomingMessage;
const response = {} as ServerResponse;

function table(): { routes: Route[]; calls: string[] } {
  const calls: string[] = [];
  const record =
    (name: string): Route['handler'] =>
    async ({ params }) =>
      void calls.push(`${name} ${JSON.stringify(params)}`);
  return {
    calls,
    routes: [
      { method: 'GET', path: '/api/boards/:boardId/export.:format', handler: record('export'), params: { format: '[a-z]+' } },
      { method: 'GET', path: '/api/events/:eventId/materials', handler: record('list') },
      { method: 'POST', path: '/api/events/:eventId/materials', handler: record('upload') },
      { method: 'GET', path: '/api/join/:code', handler: record('join'), params: { code: '[^/]+' } },
      { method: 'GET', path: '/outputs/:eventId', handler: async () => 'app' }
    ]
  };
}

const handle = (routes: Route[], method: string, path: string) => createRouter(routes).handle(request(method), response, new URL(path, 'http://localhost'));

describe('the HTTP route table', () => {
  it('passes the path parameters by name; ids match [A-Za-z0-9_-]{1,64}, other parameters their own pattern', async () => {
    const { routes, calls } = table();
    expect(await handle(routes, 'GET', '/api/boards/b_1-x/export.csv')).toBe(true);
    expect(await handle(routes, 'GET', '/api/join/AB%20CD')).toBe(true);
    expect(calls).toEqual(['export {"boardId":"b_1-x","format":"csv"}', 'join {"code":"AB%20CD"}']);
    expect(await handle(routes, 'GET', '/api/boards/b.1/export.csv')).toBe(false);
    expect(await handle(routes, 'GET', `/api/boards/${'x'.repeat(65)}/export.csv`)).toBe(false);
    expect(await handle(routes, 'GET', '/api/boards/b1/export.CSV')).toBe(false);
  });

  it('serves HEAD with the GET route, and picks the route of the method among those of one path', async () => {
    const { routes, calls } = table();
    await handle(routes, 'HEAD', '/api/events/e1/materials');
    await handle(routes, 'POST', '/api/events/e1/materials');
    expect(calls).toEqual(['list {"eventId":"e1"}', 'upload {"eventId":"e1"}']);
  });

  it('answers a path matched under other methods only with 405, naming them', async () => {
    const { routes, calls } = table();
    const refused = await handle(routes, 'DELETE', '/api/events/e1/materials').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(HttpError);
    expect(refused).toMatchObject({ status: 405, reason: 'invalid-payload', message: 'Use GET or POST' });
    expect(calls).toEqual([]);
  });

  it('a route that hands the request to the app is not handled; no route, not handled', async () => {
    const { routes } = table();
    expect(await handle(routes, 'GET', '/outputs/e1')).toBe(false);
    expect(await handle(routes, 'GET', '/elsewhere')).toBe(false);
  });
});
