import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The page is plain Preact with JSX compiled by Vite's own transformer: no Babel, no plugin. Its
// built assets ship in the package (dist/public) and the server serves them; nothing is fetched
// from elsewhere at run time.
export default defineConfig({
  root: fileURLToPath(new URL('./src/page', import.meta.url)),
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('./dist/public', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    modulePreload: { polyfill: false },
  },
});
