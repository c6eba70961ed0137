/**
 * Issue 7 items 1–2's workload (wasm): training speed of the learned-proxy and policy-entropy panels.
 * Both run on plain TypeScript numbers in the worker (a bandit step is a few dozen numbers; the critic
 * is a hand-written one-hidden-layer MLP), so the backend only matters for the page around them.
 * Timed in the worker by each run's probe, after the page has drawn its first frames:
 *  - learned-proxy `train100`: 100 steps of all three learners (REINFORCE, critic, oracle) at the
 *    defaults (2 samples per learner per step, 4 critic fits of 32 samples, 24 hidden units), on the
 *    continuous bandit and on the 8-arm discrete one;
 *  - policy-entropy `train10000`: 10,000 score-function steps of the 10-arm softmax policy.
 * The runs stop at their sample/step budgets, so the page's own steps/s readout would measure idle
 * time; the probe takes its steps regardless of the budget.
 */
import type { BenchContext } from './run';

async function stepCount(page: import('@playwright/test').Page): Promise<number> {
  return Number(await page.getByTestId('step-count').getAttribute('data-value'));
}

async function timeProbe(ctx: BenchContext, query: string, name: string, repeats: number) {
  const page = await ctx.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`${ctx.url}/?${query}`);
  const deadline = Date.now() + 60_000;
  while ((await stepCount(page)) <= 0) {
    if (Date.now() > deadline) throw new Error(`bench: ${query} did not start`);
    await new Promise((r) => setTimeout(r, 50));
  }
  await page.getByTestId('play').click();
  const ms = (await page.evaluate(`window.__gb.timeProbe(${JSON.stringify(name)}, ${repeats})`)) as number;
  const details = (await page.evaluate('window.__gb.probeDetails()')) as Record<string, number>;
  const backend = await page.getByTestId('backend-active').getAttribute('data-backend');
  await page.close();
  const steps = details.steps!;
  return { query, backend, probe: name, medianMs: Math.round(ms * 100) / 100, ...details, stepsPerSecond: Math.round((steps * 1000) / Math.max(ms, 0.001)) };
}

export async function policySection(ctx: BenchContext) {
  const continuous = await timeProbe(ctx, 'exp=learned-proxy&backend=wasm', 'train100', 7);
  const discrete = await timeProbe(ctx, 'exp=learned-proxy&backend=wasm&action=discrete', 'train100', 7);
  const entropy = await timeProbe(ctx, 'exp=policy-entropy&backend=wasm', 'train10000', 7);
  const json = {
    implementation: 'plain TypeScript in the worker (no tfjs tensors); timed by each run’s probe',
    learnedProxyContinuous: continuous,
    learnedProxyDiscrete: discrete,
    policyEntropy: entropy,
  };
  const rows: [string, string][] = [
    ['learned-proxy continuous (wasm page, worker)', `${continuous.stepsPerSecond.toLocaleString('en-US')} steps/s (3 learners, 2 samples each, 4 critic fits per step)`],
    ['learned-proxy discrete K=8 (wasm page, worker)', `${discrete.stepsPerSecond.toLocaleString('en-US')} steps/s (3 learners, 2 samples each, 4 critic fits per step)`],
    ['policy-entropy K=10 (wasm page, worker)', `${entropy.stepsPerSecond.toLocaleString('en-US')} steps/s (1 pull per step)`],
  ];
  return { json, rows };
}
