/**
 * Where a probe's time goes, kernel by kernel, for the bench (issue 17: how much of a workload the
 * wasm thread pool can split at all). The probe runs once under tf.profile; each kernel's wall time
 * (wasm kernels are synchronous, so this is their whole cost, thread handoffs included) is summed
 * by kernel name. tf.profile also lists the op wrappers around some kernels ("fusedMatMul__op"
 * around "_FusedMatMul"), whose time contains the kernel's: those are left out so nothing is counted
 * twice.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface KernelTotals {
  /** Kernel name → summed milliseconds and calls. */
  kernels: Record<string, { ms: number; calls: number }>;
  /** Sum over kernels. */
  totalMs: number;
  /** The probe's whole time under the profiler: kernels plus the JavaScript around them. */
  wallMs: number;
}

export async function kernelProfile(probe: () => Promise<unknown>): Promise<KernelTotals> {
  let wallMs = 0;
  const info = await tf.profile(async () => {
    const t0 = performance.now();
    await probe();
    wallMs = performance.now() - t0;
  });
  const kernels: KernelTotals['kernels'] = {};
  let totalMs = 0;
  for (const k of info.kernels) {
    if (k.name.endsWith('__op')) continue;
    const ms = Number(await k.kernelTimeMs);
    const entry = (kernels[k.name] ??= { ms: 0, calls: 0 });
    entry.ms += ms;
    entry.calls++;
    totalMs += ms;
  }
  return { kernels, totalMs, wallMs };
}
