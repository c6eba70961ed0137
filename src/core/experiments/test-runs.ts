/**
 * For tests: a `create(seed, params)` whose runs are disposed after each test, even when an assertion
 * fails, so a failing test does not leak tensors into the next test's memory count.
 */
import { afterEach } from 'vitest';
import type { Experiment, Run } from '../experiment';
import type { ParamSchema } from '../../params/kinds';

export function disposedAfterEach<S extends ParamSchema, F>(
  experiment: Experiment<S, F>,
): (seed: number, params?: Record<string, unknown>) => Run<F> {
  const live: Run<F>[] = [];
  afterEach(() => {
    for (const run of live.splice(0)) run.dispose();
  });
  return (seed, params = {}) => {
    const run = experiment.create(seed, params);
    live.push(run);
    return run;
  };
}
