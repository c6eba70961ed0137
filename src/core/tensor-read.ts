/**
 * Reading a float32 tensor into an array the caller keeps and reuses. On the wasm backend the values
 * are copied straight out of the backend's heap, at the offset its own kernels use
 * (BackendWasm.getMemoryOffset, public): tfjs' data() there makes a new buffer on every read, and on
 * the bench machine a fresh megabyte costs 4–6 ms in page faults where copying it costs 0.03 ms (the
 * estimators' refresh reads one such batch per estimator). Other backends read with data(): a GPU
 * backend must copy out of the device anyway.
 */
import * as tf from '@tensorflow/tfjs-core';

/** The public surface of tfjs-backend-wasm's BackendWasm this module uses. */
interface WasmHeapBackend {
  getMemoryOffset(dataId: object): number;
  wasm: { HEAPU8: Uint8Array };
}

function wasmHeap(): WasmHeapBackend | null {
  if (tf.getBackend() !== 'wasm') return null;
  const b = tf.backend() as unknown as Partial<WasmHeapBackend>;
  return typeof b.getMemoryOffset === 'function' && b.wasm?.HEAPU8 instanceof Uint8Array ? (b as WasmHeapBackend) : null;
}

/**
 * The tensor's values in the first t.size entries of `out` (a view of them is returned). The copy is
 * made before this resolves, so `out` may be reused as soon as the caller is done with the view.
 */
export async function readInto(t: tf.Tensor, out: Float32Array): Promise<Float32Array> {
  if (t.dtype !== 'float32') throw new Error(`readInto reads float32 tensors, not ${t.dtype}`);
  if (out.length < t.size) throw new Error(`readInto: ${t.size} values do not fit in ${out.length}`);
  const heap = wasmHeap();
  if (heap) {
    // The heap's current buffer (it is replaced when wasm memory grows), read where the tensor lives.
    const offset = heap.getMemoryOffset(t.dataId);
    out.set(new Float32Array(heap.wasm.HEAPU8.buffer, offset, t.size));
  } else out.set((await t.data()) as Float32Array);
  return out.subarray(0, t.size);
}
