/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The Go binary embeds dist/ (see embed.go); CI rebuilds it and fails on a
// diff, so the output must depend on the sources alone: hashed names, no
// timestamps, no absolute paths.
export default defineConfig({
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 4000,
    rollupOptions: {
      // GraphiQL's modules start with "use no memo"; bundling drops it, harmlessly.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
      output: {
        entryFileNames: 'assets/[name]-[hash].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
  server: {
    proxy: {
      '/graphql': { target: 'http://127.0.0.1:8080', ws: true, changeOrigin: false },
      '/healthz': { target: 'http://127.0.0.1:8080' },
      '/export': { target: 'http://127.0.0.1:8080' },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    // page tests render antd trees in happy-dom: seconds each on a busy two-core machine
    testTimeout: 30_000,
  },
});
