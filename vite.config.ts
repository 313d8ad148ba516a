import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The web app: src/web → dist/web, served by the API server (src/http/web.ts). `npm run dev:web` proxies /api to :3000. */
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    sourcemap: true,
    // The initial chunk stays small: pages and ECharts are split and loaded when needed.
    chunkSizeWarningLimit: 700,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
