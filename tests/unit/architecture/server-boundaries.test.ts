/**
 * The server's folders and the directions their imports may take, checked on every file:
 *   B1 the realtime core (server/sync) imports no feature: only itself, server/limits and the
 *      shared src/lib modules;
 *   B2 an infrastructure adapter (server/infra/<kind>) imports only the port it implements, its
 *      own kind's helpers (the Redis connection, the SQLite opener) and src/lib;
 *   B3 only the composition root (server/app) imports server/infra: features see ports;
 *   B4 only server/app imports server/app, except type-only imports of the config and limits it
 *      hands down;
 *   B5 the server imports nothing from tests/, bench/ or scripts/;
 *   B6 the README's Layout lists every server folder, and names no folder that is gone;
 *   B7 the HTTP toolkit (server/http: router, handler, replies, refusal pages) imports no feature
 *      and not the sync core: features bring their routes, server/app assembles the one table.
 * An exception is named with the item of issue 15 that removes it, and fails once it is unused.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = 'server';

/** The ports the infrastructure adapters implement. */
const PORTS = new Set([
  'server/sync/doc-store.ts',
  'server/sync/bus.ts',
  'server/events/event-store.ts',
  'server/outputs/materials/material-store.ts',
  'server/outputs/publication-store.ts',
  'server/outputs/history/checkpoint-store.ts',
  'server/outputs/materials/blob-store.ts',
  'server/limits/rate-limiter.ts',
  'server/limits/storage-budget.ts',
  'server/events/retention/lock.ts',
  'server/outputs/history/checkpoint-lock.ts',
  'server/outputs/participation/participation-store.ts'
]);

/** Imports that break a rule today, each removed by the change named beside it. */
const EXCEPTIONS: ReadonlyArray<readonly [from: string, to: string, until: string]> = [];

interface Import {
  from: string;
  /** The repository path imported (a relative specifier resolved), or the bare package name. */
  to: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|mjs|js)$/.test(entry.name) ? [path] : [];
  });
}

/** `./x.js` from `server/a/b.ts` → `server/a/x.ts` (the source file a bundler would pick). */
function resolveSpecifier(from: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  const path = posix.normalize(posix.join(posix.dirname(from), specifier));
  const ts = path.replace(/\.js$/, '.ts');
  return ts !== path && existsSync(ts) ? ts : path;
}

/** Every import and re-export of a file, and every `import()` with a literal specifier. */
function importsOf(file: string, source: string): Import[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, false);
  const found: Import[] = [];
  const add = (specifier: ts.Expression | undefined, typeOnly: boolean): void => {
    if (specifier && ts.isStringLiteralLike(specifier)) found.push({ from: file, to: resolveSpecifier(file, specifier.text), typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const allNamedTypes = !!named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      add(node.moduleSpecifier, !!clause && (clause.isTypeOnly || (!clause.name && allNamedTypes)));
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

const under = (path: string, folder: string): boolean => path.startsWith(`${folder}/`);
const infraKind = (path: string): string | null => (under(path, 'server/infra') ? path.split('/').slice(0, 3).join('/') : null);
const isLocal = (path: string): boolean => /^(server|src|tests|bench|scripts|support)\//.test(path);

/** The rule an import breaks, or null. */
function violation({ from, to, typeOnly }: Import): string | null {
  if (!isLocal(to)) return null;
  const configType = typeOnly && /^server\/app\/(config|limits)\.ts$/.test(to);
  if (/^(tests|bench|scripts)\//.test(to)) return 'B5 the server imports no test, bench or script code';
  if (under(to, 'server/app') && !under(from, 'server/app') && !configType) return 'B4 only server/app imports server/app (type-only config aside)';
  if (under(to, 'server/infra') && !under(from, 'server/app') && infraKind(from) !== infraKind(to)) return 'B3 only server/app imports an adapter';
  if (under(from, 'server/sync') && !(under(to, 'server/sync') || under(to, 'server/limits') || under(to, 'src/lib') || configType)) return 'B1 the sync core imports no feature';
  if (under(from, 'server/http') && /^server\/(sync|board|events|outputs|observability)\//.test(to)) return 'B7 the HTTP toolkit imports no feature';
  const kind = infraKind(from);
  if (kind && !(under(to, kind) || PORTS.has(to) || under(to, 'src/lib'))) return 'B2 an adapter imports only its port';
  return null;
}

function readmeLayoutFolders(): Set<string> {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf('Layout:');
  const block = readme.slice(start, readme.indexOf('```', readme.indexOf('```', start) + 3));
  const folders = new Set<string>();
  for (const line of block.split('\n')) {
    const top = /^(server\/[a-z-]+)\//.exec(line);
    if (top) folders.add(top[1]);
    if (top?.[1] === 'server/infra' || /^\s+/.test(line)) for (const m of line.matchAll(/\b(memory|sqlite|redis|fs)\/ /g)) folders.add(`server/infra/${m[1]}`);
  }
  return folders;
}

function serverFolders(): string[] {
  const dirs = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => join(dir, e.name));
  return [...dirs(ROOT), ...dirs('server/infra')].map((d) => relative('.', d)).sort();
}

describe('server boundaries (README "Layout")', () => {
  const files = sourceFiles(ROOT).map((f) => relative('.', f).split('\\').join('/'));
  const imports = files.flatMap((file) => importsOf(file, readFileSync(file, 'utf8')));
  const excepted = (i: Import): boolean => EXCEPTIONS.some(([from, to]) => from === i.from && to === i.to);

  it('reads the server files and their imports', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(imports.some((i) => i.from === 'server/sync/doc-room.ts' && i.to === 'server/sync/bus.ts')).toBe(true);
  });

  it.each(['server/sync', 'server/infra', 'server/board', 'server/events', 'server/outputs', 'server/http', 'server/app'])(
    '%s imports only in the allowed directions',
    (folder) => {
      const broken = imports
        .filter((i) => under(i.from, folder) && !excepted(i))
        .flatMap((i) => {
          const rule = violation(i);
          return rule ? [`${i.from} -> ${i.to}: ${rule}`] : [];
        });
      expect(broken).toEqual([]);
    }
  );

  it.each(EXCEPTIONS.map(([from, to, until]) => [`${from} -> ${to}`, from, to, until]))('the exception %s is still needed (%s)', (_name, from, to) => {
    const found = imports.find((i) => i.from === from && i.to === to);
    expect(found && violation(found), 'remove this exception: the import is gone or allowed').toBeTruthy();
  });

  it('the README Layout names every server folder, and only folders that exist', () => {
    const listed = readmeLayoutFolders();
    const actual = serverFolders();
    expect(actual.filter((f) => !listed.has(f))).toEqual([]);
    expect([...listed].filter((f) => !existsSync(f))).toEqual([]);
  });

  it('the check itself reads type-only, re-exported and dynamic imports, and catches each rule', () => {
    const source = [
      "import type { Limits } from '../app/limits.js';",
      "import { x, type Y } from '../board/projection.js';",
      "export { z } from './bus.js';",
      "const m = await import('../infra/redis/keys.js');"
    ].join('\n');
    const found = importsOf('server/sync/example.ts', source);
    expect(found.map((i) => [i.to, i.typeOnly])).toEqual([
      ['server/app/limits.ts', true],
      ['server/board/projection.ts', false],
      ['server/sync/bus.ts', false],
      ['server/infra/redis/keys.ts', false]
    ]);
    expect(found.map(violation)).toEqual([null, 'B1 the sync core imports no feature', null, 'B3 only server/app imports an adapter']);
    expect(violation({ from: 'server/board/socket-io.ts', to: 'server/app/backends.ts', typeOnly: false })).toMatch(/^B4/);
    expect(violation({ from: 'server/infra/redis/bus-redis.ts', to: 'server/board/projection.ts', typeOnly: false })).toMatch(/^B2/);
    expect(violation({ from: 'server/infra/redis/bus-redis.ts', to: 'server/sync/bus.ts', typeOnly: false })).toBeNull();
    expect(violation({ from: 'server/outputs/routes.ts', to: 'tests/helpers/x.ts', typeOnly: false })).toMatch(/^B5/);
    expect(violation({ from: 'server/http/handler.ts', to: 'server/events/resolver.ts', typeOnly: true })).toMatch(/^B7/);
    expect(violation({ from: 'server/events/routes.ts', to: 'server/http/router.ts', typeOnly: true })).toBeNull();
  });
});
