/**
 * The backend badge's tooltip: the device, the thread count, and in `auto` the calibration it chose
 * by (each backend's measured figures, or why it was passed over), so "why wasm?" has an answer on
 * the page itself.
 */
import type { BackendReport } from '../worker/backend-report';

const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(0));

export function backendTooltip(report: BackendReport): string {
  const lines = [report.device];
  if (report.active === 'wasm') {
    // Helper workers need no isolation (they take their share by message), a thread pool does.
    lines.push(
      !report.isolated && !report.threadsNoteHelpers
        ? '1 thread: the page is not cross-origin isolated, so wasm cannot share memory with a thread pool'
        : `${report.threads} thread${report.threads === 1 ? '' : 's'}${report.threadsNote ? `: ${report.threadsNote}` : ''}` +
            (report.threadsAsked > report.threads ? ` (${report.threadsAsked} asked: the pool started only ${report.threads})` : ''),
    );
  }
  const c = report.calibration;
  if (c) {
    lines.push(`auto chose ${c.chosen}: ${c.why}.`);
    for (const t of c.timings) {
      if (t.reason) lines.push(`  ${t.backend}: skipped, ${t.reason}`);
      else if (t.msPerStep !== undefined)
        lines.push(
          `  ${t.backend}: ${ms(t.msPerStep)} ms a step over ${t.steps} steps` +
            (t.msPerSnapshot ? `, ${ms(t.msPerSnapshot)} ms a snapshot ≈ ${Math.round(t.predictedStepsPerSecond ?? 0).toLocaleString('en-US')} steps/s` : ''),
        );
    }
    const when = c.remembered ? `remembered from ${c.measuredAt.slice(0, 10)} on this browser` : `measured now in ${Math.round(c.totalMs)} ms`;
    lines.push(`Calibrated on ${c.experimentId}, ${when}.`);
  }
  if (report.skipped.length) lines.push(`Passed over: ${report.skipped.join('; ')}`);
  return lines.join('\n');
}
