import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { offline } from './build-tools/offline';
import { themeCssPlugin } from './build-tools/theme-css';

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

/**
 * tfjs' threaded wasm build starts its pthread workers from a blob holding the source text of its
 * factory function (\`factory.toString()\`). That function reads one variable of the closure around
 * it, \`_scriptDir\`, behind a \`typeof\` guard; a minifier renames the variable and drops the guard
 * (it can see the variable is declared), so in the pthread worker, where the closure is gone, the
 * renamed name throws "e is not defined" and no thread starts. In a worker \`_scriptDir\` is always
 * undefined (no document.currentScript, no __filename), so its two uses are removed before bundling.
 * If a tfjs update changes that text, the build fails here instead of shipping a page without threads.
 */
function tfjsThreadedFactoryStandalone(): Plugin {
  const uses: [string, string][] = [
    ['if(typeof _scriptDir !== "undefined" && _scriptDir){scriptDirectory=_scriptDir}', ''],
    ['"urlOrBlob":Module["mainScriptUrlOrBlob"]||_scriptDir,', '"urlOrBlob":Module["mainScriptUrlOrBlob"],'],
    // The build starts 8 pthread workers up front, whatever the thread count: on 2 cores that is 6
    // workers (each parsing tfjs' whole factory) for nothing, slowing every boot; beyond 9 threads
    // XNNPACK would wait on workers created on demand, which need the event loop it is blocking.
    // So the pool is sized to the threads asked for (backends.ts sets __gbWasmPoolSize).
    ['var pthreadPoolSize=8;', 'var pthreadPoolSize=Math.max(1,Math.min(256,globalThis.__gbWasmPoolSize||8));'],
    // tfjs' C++ caps its pool at emscripten_num_logical_cores() / 2 ("many x86-64 processors have 2
    // threads per core"), whatever setThreadsCount asked: on a 2-core machine that is 1 thread, so the
    // threaded build ran on one thread and the bench's "1 thread → 2 threads" measured nothing. The
    // thread count is this project's decision (navigator.hardwareConcurrency, or the link's; the bench
    // measures what it buys), so the core count it is capped by is reported as twice that.
    [
      'return navigator["hardwareConcurrency"]}',
      'return 2*Math.max(1,globalThis.__gbWasmPoolSize||navigator["hardwareConcurrency"]/2)}',
    ],
  ];
  return {
    name: 'tfjs-threaded-factory-standalone',
    enforce: 'pre',
    transform(code, id) {
      if (!id.replace(/\?.*$/, '').endsWith('tfjs-backend-wasm-threaded-simd.js')) return null;
      let out = code;
      for (const [from, to] of uses) {
        if (!out.includes(from)) throw new Error(`tfjs-backend-wasm changed: "${from}" not found; check the threaded build's pthread workers`);
        out = out.split(from).join(to);
      }
      return { code: out, map: null };
    },
  };
}

/**
 * Cross-origin isolation: with these two headers the page (and its worker) may share memory between
 * threads, so tfjs' wasm backend runs XNNPACK on a pool of navigator.hardwareConcurrency threads.
 * require-corp costs nothing here: every resource is from this origin. The dev and preview servers send
 * them; a static host that cannot (GitHub Pages) gets them from the service worker (build-tools/offline.ts).
 * CROSS_ORIGIN_ISOLATION=off leaves them out everywhere (servers and service worker), to run the page
 * as a host without them would: one thread.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
const isolate = process.env.CROSS_ORIGIN_ISOLATION !== 'off';
const headers = isolate ? ISOLATION_HEADERS : {};

// BASE_PATH lets the static site live under any path (e.g. BASE_PATH=/demo/ npm run build).
export default defineConfig({
  base: process.env.BASE_PATH ?? './',
  plugins: [react(), themeCssPlugin(), contentSecurityPolicy(), offline({ isolate }), tfjsThreadedFactoryStandalone()],
  define: { __GB_ISOLATE__: JSON.stringify(isolate) },
  worker: { format: 'es', plugins: () => [tfjsThreadedFactoryStandalone()] },
  build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 2000 },
  preview: { port: 4173, strictPort: true, headers },
  server: { port: 5173, headers },
});
