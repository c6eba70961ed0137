import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { offline } from './build-tools/offline';

/**
 * The hosted page's Content-Security-Policy, as a <meta> tag in the production build only (the dev
 * server injects inline scripts for hot reload). No 'unsafe-eval'; 'wasm-unsafe-eval' because
 * WebAssembly compilation needs it; workers and every fetch from this origin only. style-src keeps
 * 'unsafe-inline' for style attributes (KaTeX's markup and React's inline sizes); no script is inline.
 * font-src allows data: because the build inlines KaTeX's smallest fonts.
 * SECURITY.md explains each directive and how the e2e suite checks it.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml() {
      return [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }];
    },
  };
}

// BASE_PATH lets the static site live under any path (e.g. BASE_PATH=/demo/ npm run build).
export default defineConfig({
  base: process.env.BASE_PATH ?? './',
  plugins: [react(), contentSecurityPolicy(), offline()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 2000 },
  preview: { port: 4173, strictPort: true },
  server: { port: 5173 },
});
