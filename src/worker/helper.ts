/// <reference lib="webworker" />
/**
 * A helper worker (helper-pool.ts): on its own single-threaded wasm backend, the same SIMD build the
 * main worker runs these experiments on, it evaluates the loss surface's rows it is sent
 * (core/surface/row-pool.ts) and draws the estimators table's jobs (core/experiments/
 * gradient-variance-draws.ts), so what it computes are the floats the main worker would have.
 */
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { rowJobLosses, sharedRowGroups, type RowJob, type SharedRowJob } from '../core/surface/row-pool';
import { postedDraws, takeDraws, type SharedDraws } from '../core/experiments/gradient-variance-draws';

const scope = self as unknown as DedicatedWorkerGlobalScope;

async function start(): Promise<void> {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  // tfjs wants every binary named, though with multithreading off it loads only one of the first two.
  setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });
  if (!(await tf.setBackend('wasm'))) throw new Error('the WebAssembly backend failed to load');
  await tf.ready();
}

const ready = start().then(
  () => scope.postMessage({ type: 'ready' }),
  (e: unknown) => scope.postMessage({ type: 'failed', reason: e instanceof Error ? e.message : String(e) }),
);

scope.onmessage = async (event: MessageEvent<{ id: number; job?: RowJob; plane?: SharedRowJob; draws?: SharedDraws }>) => {
  await ready;
  const { id, job, plane, draws } = event.data;
  try {
    if (plane) {
      // Groups from the shared counter until none is left; the losses go straight into shared memory.
      await sharedRowGroups(plane, (rows) => rowJobLosses({ ...plane.job, rows }));
      scope.postMessage({ type: 'shared', id });
    } else if (draws) {
      // Estimator draws from the counter until none is left; only their reductions come back. Counted
      // once posted, failed or not, so the worker polling for them finds the reply in its queue.
      const reply = await takeDraws(draws).then(
        (replies) => ({ type: 'drawn', id, replies }),
        (e: unknown) => ({ type: 'error', id, reason: e instanceof Error ? e.message : String(e) }),
      );
      scope.postMessage(reply);
      postedDraws(draws);
    } else {
      const out = await rowJobLosses(job!);
      scope.postMessage({ type: 'losses', id, losses: out }, [out.buffer]);
    }
  } catch (e) {
    scope.postMessage({ type: 'error', id, reason: e instanceof Error ? e.message : String(e) });
  }
};
