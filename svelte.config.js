import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ out: 'build' }),
    // No inline scripts but SvelteKit's own bootstrap (hashed/nonced); tokens live in URLs, so
    // nothing may frame a page or receive a Referer (the server adds no-referrer on every response).
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:', 'blob:'],
        'font-src': ['self', 'data:'],
        'connect-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none']
      }
    },
    typescript: {
      config(tsconfig) {
        tsconfig.include.push('../server/**/*.ts', '../tests/**/*.ts', '../bench/**/*.ts', '../scripts/**/*.ts', '../support/**/*.ts');
        return tsconfig;
      }
    }
  }
};

export default config;
