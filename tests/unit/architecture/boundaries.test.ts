/**
 * The dependency directions and the size of a source file, as rules that check themselves:
 *   B1  src/lib never imports src/routes (a component two routes share lives in src/lib);
 *   B2  src/ never imports server/ (the browser bundle holds no server code);
 *   B3  bench/, scripts/ and support/ never import tests/ (what they share with tests is in support/);
 *   B4  no source file is over 300 lines, translation catalogues (src/lib/i18n/<lang>.ts) aside.
 * Imports are read from the text: static `import … from`, `export … from`, dynamic `import()`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SOURCE = /\.(ts|js|mjs|svelte)$/;
const MAX_LINES = 300;
const CATALOGUE = /^src\/lib\/i18n\/[a-z]{2}\.ts$/;
/** Files over the limit today that another change is splitting: the projector rewrite removes it. */
const TOO_LONG_FOR_NOW = new Set<string>([]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'results' ? [] : sourceFiles(path);
    return SOURCE.test(entry.name) ? [path.split(sep).join('/')] : [];
  });
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

/** Where a file's imports point, as repository paths ('$lib/x' is 'src/lib/x'); packages are left out. */
function importsOf(file: string, source: string): string[] {
  const targets: string[] = [];
  for (const [, spec] of source.matchAll(SPECIFIER)) {
    const path = spec.startsWith('$lib/') ? `src/lib${spec.slice(4)}` : spec.startsWith('.') ? join(dirname(file), spec) : null;
    if (path !== null) targets.push(normalize(path).split(sep).join('/'));
  }
  return targets;
}

interface Rule {
  id: string;
  from: (file: string) => boolean;
  to: (target: string) => boolean;
}

const under = (folder: string) => (path: string) => path === folder || path.startsWith(`${folder}/`);
const RULES: Rule[] = [
  { id: 'B1 src/lib imports no route', from: under('src/lib'), to: under('src/routes') },
  { id: 'B2 src imports no server code', from: under('src'), to: under('server') },
  { id: 'B3 bench, scripts and support import no test', from: (f) => ['bench', 'scripts', 'support'].some((d) => under(d)(f)), to: under('tests') }
];

/** Every import that breaks a rule, as 'rule: file -> target'. */
function violations(files: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [file, source] of Object.entries(files))
    for (const target of importsOf(file, source)) for (const rule of RULES) if (rule.from(file) && rule.to(target)) found.push(`${rule.id}: ${file} -> ${target}`);
  return found;
}

/** Files over MAX_LINES that are neither a catalogue nor allowed for now, as 'file: n lines'. */
function tooLong(files: Record<string, string>, allowed: ReadonlySet<string>): string[] {
  return Object.entries(files)
    .map(([file, source]) => [file, source.split('\n').length - (source.endsWith('\n') ? 1 : 0)] as const)
    .filter(([file, lines]) => lines > MAX_LINES && !CATALOGUE.test(file) && !allowed.has(file))
    .map(([file, lines]) => `${file}: ${lines} lines`);
}

describe('architecture: import boundaries and file size', () => {
  const files = Object.fromEntries(['src', 'server', 'bench', 'scripts', 'support'].flatMap(sourceFiles).map((f) => [relative('.', f), readFileSync(f, 'utf8')]));

  it('finds the sources', () => {
    expect(Object.keys(files).length).toBeGreaterThan(200);
    expect(Object.keys(files).some((f) => f.startsWith('support/'))).toBe(true);
  });

  it('B1–B3: no import crosses a boundary', () => {
    expect(violations(files)).toEqual([]);
  });

  it('B4: no source file is over 300 lines, catalogues aside', () => {
    expect(tooLong(files, TOO_LONG_FOR_NOW)).toEqual([]);
  });

  it('the allow-list names only files that are still too long', () => {
    const stale = [...TOO_LONG_FOR_NOW].filter((f) => !(f in files) || tooLong({ [f]: files[f] }, new Set()).length === 0);
    expect(stale).toEqual([]);
  });

  it('the checks themselves catch each kind of breach', () => {
    const bad = {
      'src/lib/components/X.svelte': `<script lang="ts">\n  import M from '../../routes/b/[boardId]/projector/M.svelte';\n</script>`,
      'src/lib/y.ts': `import { a } from '../../server/a.js';\nconst b = await import('$lib/../routes/z.js');`,
      'bench/run.ts': `export { w } from '../tests/helpers/wait.js';`,
      'scripts/s.ts': `import '../tests/helpers/setup.js';`,
      'support/ok.ts': `import { x } from '../src/lib/board/index.js';\nimport { y } from 'vitest';`
    };
    expect(violations(bad)).toEqual([
      'B1 src/lib imports no route: src/lib/components/X.svelte -> src/routes/b/[boardId]/projector/M.svelte',
      'B2 src imports no server code: src/lib/y.ts -> server/a.js',
      'B1 src/lib imports no route: src/lib/y.ts -> src/routes/z.js',
      'B3 bench, scripts and support import no test: bench/run.ts -> tests/helpers/wait.js',
      'B3 bench, scripts and support import no test: scripts/s.ts -> tests/helpers/setup.js'
    ]);
    const long = 'x\n'.repeat(301);
    expect(tooLong({ 'server/a.ts': long, 'src/lib/i18n/cs.ts': long, 'server/b.ts': 'x\n'.repeat(300) }, new Set())).toEqual(['server/a.ts: 301 lines']);
  });
});
