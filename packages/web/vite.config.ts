/**
 * The web UI's build: a static bundle in dist/ that `oncoatlas serve` hands out at `/`. In development the
 * API, sign-in and OpenAPI routes go to a node on the loopback port, so the session cookie stays same-origin.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const node = 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': node,
      '/auth': node,
      '/openapi.json': node,
    },
  },
});
