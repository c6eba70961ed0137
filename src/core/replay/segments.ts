/**
 * Segment checkpointing (Chen, Xu, Zhang, Guestrin 2016). One forward pass keeps only the start of
 * every segment of k steps; the backward sweep then recomputes one segment at a time from its start,
 * keeps that segment whole, and reverses it. Memory is the starts (about T/k) plus one segment (k),
 * smallest near k = sqrt T; the price is one extra forward pass. k = T (or k = 1) is store-all.
 */
import { ScheduleBuilder, type Schedule } from './schedule';

export function segmentSchedule(T: number, k: number): Schedule {
  const out = new ScheduleBuilder(T);
  const m = Math.ceil(T / k);
  out.store();
  for (let j = 1; j < m; j++) {
    out.advance(j * k);
    out.store();
  }
  for (let j = m - 1; j >= 0; j--) {
    const start = j * k;
    const end = Math.min(start + k, T);
    out.restore(start);
    for (let t = start + 1; t < end; t++) {
      out.advance(t);
      out.store();
    }
    for (let t = end; t > start; t--) {
      out.restore(t - 1);
      out.backward(t);
      out.free(t - 1);
    }
  }
  return out.build();
}
