/// <reference lib="webworker" />
/** Worker entry: exposes the host over comlink. Snapshots cross with their typed arrays transferred. */
import * as Comlink from 'comlink';
import { createHost, type Host } from './host';
import { transferablesOf } from './transfer';

// Errors inside the scheduler loop and a lost GPU device have no caller to reject: tell the page directly.
const host = createHost(
  (message) => (self as unknown as Worker).postMessage({ type: 'gb-worker-error', message }),
  (message) => (self as unknown as Worker).postMessage({ type: 'gb-device-lost', message }),
);

const exposed: Host = {
  ...host,
  async nextFrame() {
    const frame = await host.nextFrame();
    return Comlink.transfer(frame, transferablesOf(frame.snapshot));
  },
  async checkpoint() {
    const c = await host.checkpoint();
    return c ? Comlink.transfer(c, Object.values(c.arrays).map((a) => a.buffer as ArrayBuffer)) : null;
  },
};

Comlink.expose(exposed);
