import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** apps/web: built to apps/web/dist (served by the api at /), dev server proxies /api to the api on :3000. */
export default defineConfig({
  root,
  plugins: [react()],
  // The one route table shared with the server's mail links (libs/web-routes: pure, no dependencies).
  resolve: { alias: { '@lib/web-routes': fileURLToPath(new URL('../../libs/web-routes/src/index.ts', import.meta.url)) } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:3000', '/health': 'http://localhost:3000' },
  },
});
