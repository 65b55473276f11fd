/**
 * ESLint: typescript-eslint and eslint-plugin-svelte, recommended rules, with formatting left to
 * Prettier (eslint-config-prettier last). Import boundaries are checked by
 * tests/unit/architecture/boundaries.test.ts rather than here, so one test names every rule.
 */
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

export default ts.config(
  {
    ignores: ['node_modules/', 'build/', 'dist/', '.svelte-kit/', 'data/', 'test-results/', 'coverage/', 'bench/results/', 'static/']
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  {
    languageOptions: { globals: { ...globals.node } }
  },
  {
    files: ['src/**/*.{ts,svelte}'],
    languageOptions: { globals: { ...globals.browser } }
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } }
  },
  {
    rules: {
      // `_`-prefixed names are deliberately unused (ignored arguments, destructured-away fields).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Every link is built from a token the server issued (/b/<id>/view?t=…), not a SvelteKit
      // route id; resolve() would not add anything, and the app has no base path.
      'svelte/no-navigation-without-resolve': 'off',
      // Our runes classes keep collections immutable in $state.raw and replace them whole (a
      // new Set per change), and keep non-reactive bookkeeping in plain ones; SvelteSet/SvelteMap
      // would make every one of those reactive for nothing.
      'svelte/prefer-svelte-reactivity': 'off'
    }
  }
);
