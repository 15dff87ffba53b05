import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  plugins: [react()],
  resolve: {
    // One copy of React and Mantine, even when a dependency ships its own.
    dedupe: ['react', 'react-dom', '@mantine/core', '@mantine/hooks'],
  },
  optimizeDeps: {
    // The shared contract is TypeScript source in the workspace: let Vite compile it, never pre-bundle it.
    exclude: ['@switchboard/shared'],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: true, ws: true },
      '/docs': { target: 'http://localhost:3000', changeOrigin: true },
    },
  },
});
