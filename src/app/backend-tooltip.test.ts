import { describe, expect, it } from 'vitest';
import { threadsFor } from '../bridge/threads';
import type { BackendReport } from '../worker/backend-report';
import { backendTooltip } from './backend-tooltip';

/** A wasm report as the worker gives it, with the page's note for `experimentId` on `cores` cores. */
function wasmReport(isolated: boolean, threads: number, experimentId: string, forced: number | null, cores: number): BackendReport {
  const why = threadsFor(experimentId, forced, cores);
  return {
    requested: 'wasm',
    active: 'wasm',
    skipped: [],
    device: 'WebAssembly (SIMD build) on the CPU',
    threads,
    threadsAsked: threads,
    isolated,
    threadsNote: why.note,
    threadsNoteHelpers: why.helpers,
  };
}

const threadLine = (r: BackendReport) => backendTooltip(r).split('\n')[1];

describe("the badge's thread line", () => {
  it('gives the pool and the reason on an isolated page', () => {
    expect(threadLine(wasmReport(true, 2, 'baseline', 2, 2))).toBe('2 threads: threads=2 in the link');
    expect(threadLine(wasmReport(true, 1, 'baseline', null, 8))).toContain('1 thread: this experiment is many small operations');
  });

  it('says a page that is not isolated has no pool, but still names the helpers, which need no isolation', () => {
    expect(threadLine(wasmReport(false, 1, 'baseline', 2, 2))).toBe('1 thread: the page is not cross-origin isolated, so wasm cannot share memory with a thread pool');
    expect(threadLine(wasmReport(false, 1, 'loss-surface', 2, 2))).toBe("1 thread: the surface's rows are shared with 1 helper worker, one thread each");
    expect(threadLine(wasmReport(false, 1, 'gradient-variance', 4, 8))).toBe("1 thread: the estimators' draws are shared with 3 helper workers, one thread each");
    expect(threadLine(wasmReport(false, 1, 'gradient-variance', null, 2))).toContain("no helper workers for the estimators' draws");
  });
});
