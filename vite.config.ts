import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// BASE_PATH lets the static site live under any path (e.g. BASE_PATH=/demo/ npm run build).
export default defineConfig({
  base: process.env.BASE_PATH ?? './',
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 2000 },
  preview: { port: 4173, strictPort: true },
  server: { port: 5173 },
});
