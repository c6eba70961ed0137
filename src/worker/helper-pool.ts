/**
 * Helper workers (issue 17): `size` workers started from this worker, each with its own
 * single-threaded wasm backend, that take part of the heavy experiments' work while this worker does
 * its own share: rows of the loss surface's planes (core/surface/row-pool.ts) and the estimators
 * table's draws (core/experiments/gradient-variance-draws.ts). A helper counts as ready once its
 * backend has started; until then, and after it failed or died, the work is done without it (a
 * failure never costs a surface or a table).
 */
import type { RowJob, RowPool, SharedRowJob } from '../core/surface/row-pool';
import type { DrawPool, DrawReply, SharedDraws } from '../core/experiments/gradient-variance-draws';

type Reply = Float32Array | [number, DrawReply][] | null;

interface Helper {
  worker: Worker;
  ready: boolean;
  dead: boolean;
  pending: Map<number, { resolve: (v: Reply) => void; reject: (e: Error) => void }>;
}

export interface HelperPool extends RowPool, DrawPool {
  readonly size: number;
  /** Stop every helper (a new backend, a dying worker). */
  close(): void;
}

interface HelperMessage {
  type: string;
  id?: number;
  losses?: Float32Array;
  replies?: [number, DrawReply][];
  reason?: string;
}

export function createHelperPool(size: number): HelperPool {
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
    const worker = new Worker(new URL('./helper.ts', import.meta.url), { type: 'module', name: `helper-${i + 1}` });
    const h: Helper = { worker, ready: false, dead: false, pending: new Map() };
    worker.onmessage = (event: MessageEvent<HelperMessage>) => {
      const m = event.data;
      if (m.type === 'ready') h.ready = !h.dead;
      else if (m.type === 'failed') fail(h, m.reason ?? 'the helper could not start');
      else if (m.id !== undefined) {
        const p = h.pending.get(m.id);
        h.pending.delete(m.id);
        if (m.type === 'losses' && m.losses) p?.resolve(m.losses);
        else if (m.type === 'drawn' && m.replies) p?.resolve(m.replies);
        else if (m.type === 'shared') p?.resolve(null);
        else p?.reject(new Error(m.reason ?? 'the helper failed'));
      }
    };
    worker.onerror = (e) => fail(h, e.message || 'the helper stopped');
    helpers.push(h);
  }
  const readyHelpers = () => helpers.filter((h) => h.ready && !h.dead);
  const send = (index: number, body: { job: RowJob } | { plane: SharedRowJob } | { draws: SharedDraws }) => {
    const h = readyHelpers()[index];
    if (!h) return Promise.reject(new Error('no such helper'));
    const id = nextId++;
    return new Promise<Reply>((resolve, reject) => {
      h.pending.set(id, { resolve, reject });
      // A job's arrays are copied, not transferred: the same basis and data go to every helper.
      h.worker.postMessage({ id, ...body });
    });
  };
  return {
    size,
    // Workers are threads of their own, counting their posted draws (gradient-variance-draws.ts).
    threads: true,
    ready: () => readyHelpers().length,
    evaluate(job: RowJob, index: number) {
      return send(index, { job }).then((losses) => losses as Float32Array);
    },
    async share(plane: SharedRowJob, index: number) {
      // The plane's counter, flags and losses are shared memory: posting them shares, not copies.
      await send(index, { plane });
    },
    draws(draws: SharedDraws, index: number) {
      // The counter is shared memory on an isolated page (every worker takes from it), else a copy.
      return send(index, { draws }).then((replies) => replies as [number, DrawReply][]);
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
      for (const h of helpers) if (!h.dead) fail(h, 'the helper pool was closed');
    },
  };
}
