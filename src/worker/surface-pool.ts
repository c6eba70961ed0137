/**
 * The loss surface's helper workers (core/surface/row-pool.ts): `size` workers started from this
 * worker, each with its own single-threaded wasm backend, that evaluate rows of a plane while this
 * worker evaluates its own. A helper counts as ready once its backend has started; until then, and
 * after it failed or died, the plane is evaluated without it (a failure never costs a surface).
 */
import type { RowJob, RowPool, SharedRowJob } from '../core/surface/row-pool';

interface Helper {
  worker: Worker;
  ready: boolean;
  dead: boolean;
  pending: Map<number, { resolve: (v: Float32Array | null) => void; reject: (e: Error) => void }>;
}

export interface SurfacePool extends RowPool {
  readonly size: number;
  /** Stop every helper (a new experiment, a new backend, a dying worker). */
  close(): void;
}

export function createSurfacePool(size: number): SurfacePool {
  let nextId = 1;
  const helpers: Helper[] = [];
  const fail = (h: Helper, reason: string) => {
    h.dead = true;
    h.ready = false;
    for (const p of h.pending.values()) p.reject(new Error(reason));
    h.pending.clear();
    h.worker.terminate();
  };
  for (let i = 0; i < size; i++) {
    const worker = new Worker(new URL('./surface-helper.ts', import.meta.url), { type: 'module', name: `surface-helper-${i + 1}` });
    const h: Helper = { worker, ready: false, dead: false, pending: new Map() };
    worker.onmessage = (event: MessageEvent<{ type: string; id?: number; losses?: Float32Array; reason?: string }>) => {
      const m = event.data;
      if (m.type === 'ready') h.ready = !h.dead;
      else if (m.type === 'failed') fail(h, m.reason ?? 'the helper could not start');
      else if (m.id !== undefined) {
        const p = h.pending.get(m.id);
        h.pending.delete(m.id);
        if (m.type === 'losses' && m.losses) p?.resolve(m.losses);
        else if (m.type === 'shared') p?.resolve(null);
        else p?.reject(new Error(m.reason ?? 'the helper failed'));
      }
    };
    worker.onerror = (e) => fail(h, e.message || 'the helper stopped');
    helpers.push(h);
  }
  const readyHelpers = () => helpers.filter((h) => h.ready && !h.dead);
  const send = (index: number, body: { job: RowJob } | { plane: SharedRowJob }) => {
    const h = readyHelpers()[index];
    if (!h) return Promise.reject(new Error('no such helper'));
    const id = nextId++;
    return new Promise<Float32Array | null>((resolve, reject) => {
      h.pending.set(id, { resolve, reject });
      // A job's arrays are copied, not transferred: the same basis and data go to every helper.
      h.worker.postMessage({ id, ...body });
    });
  };
  return {
    size,
    ready: () => readyHelpers().length,
    evaluate(job: RowJob, index: number) {
      return send(index, { job }).then((losses) => losses!);
    },
    async share(plane: SharedRowJob, index: number) {
      // The plane's counter, flags and losses are shared memory: posting them shares, not copies.
      await send(index, { plane });
    },
    heard() {
      // A message to ourselves is queued behind the helpers' replies already in.
      return new Promise<void>((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          channel.port1.close();
          resolve();
        };
        channel.port2.postMessage(0);
      });
    },
    close() {
      for (const h of helpers) if (!h.dead) fail(h, 'the surface pool was closed');
    },
  };
}
