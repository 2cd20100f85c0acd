/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API (`chumchon serve`) listens here during development; `npm run dev` proxies to it so
// the SPA and the API share one origin, exactly as when the API serves web/dist itself.
// Unit tests format times: run them in Thailand's zone whatever the machine's is.
if (process.env.VITEST) process.env.TZ = 'Asia/Bangkok';

const apiTarget = process.env.CHUMCHON_API_URL ?? 'http://127.0.0.1:8000';

export default defineConfig({
  plugins: [react()],
  // The API serves the built app at `/` with a fallback to index.html for client routes.
  base: '/',
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/health': { target: apiTarget, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
    chunkSizeWarningLimit: 1200,
  },
  test: {
    environment: 'jsdom',
    globals: false,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    // Component tests type into whole forms in jsdom; on a busy 2-core CI box 5 s is too tight.
    testTimeout: 20_000,
  },
});
