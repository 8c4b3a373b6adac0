import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The built app is what services/web serves as static files (dist/public).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: {
    outDir: fileURLToPath(new URL('../dist/public', import.meta.url)),
    emptyOutDir: true,
    // No inline code in index.html: the page runs under `script-src 'self'`.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: true,
  },
  server: {
    host: '127.0.0.1',
    // `npm run dev -w @todo-dapr/web-ui`: the API at the web origin of `npm run dev`.
    proxy: Object.fromEntries(
      ['/auth', '/todos', '/stats', '/admin', '/live', '/.well-known'].map((path) => [
        path,
        { target: 'http://127.0.0.1:8080', changeOrigin: false },
      ]),
    ),
  },
});
