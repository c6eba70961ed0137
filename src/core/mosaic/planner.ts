/**
 * The controller: choose the push a by descending the planned cost through a forward model.
 * Holding a for H steps from (x, v), the model rolls the mass forward and the cost is
 *
 *   C(a) = Σ_{h=1..H} (x_h − g)² + λ a².
 *
 * dC/da comes by the chain rule through the rollout (one action, so forward accumulation of
 * J_h = dx_h/da costs the same as a backward pass and needs no stored activations):
 *   dv_h/da = ∂v̂'/∂v · dv_{h−1}/da + ∂v̂'/∂a,   J_h = J_{h−1} + dv_h/da,   dC/da = 2(Σ J_h r_h + λa).
 * The step is Gauss–Newton on that gradient, δ = −(Σ J r + λa)/(Σ J² + λ), from the previous action,
 * clamped to [−1, 1]. For the true (linear) dynamics one step lands on the optimum.
 */
import type { ForwardModel, Prediction } from './model';

export const PLAN_ITERATIONS = 3;

export interface PlanResult {
  /** The planned cost C(a). */
  cost: number;
  /** dC/da through the model. */
  grad: number;
  /** Σ J_h², the Gauss–Newton curvature (without λ, without the factor 2). */
  jj: number;
  /** Σ J_h r_h. */
  jr: number;
}

const scratch: Prediction = { next: 0, dv: 0, da: 0 };

/** C(a) and dC/da for holding `a` for `horizon` steps from (x, v) towards `target`. */
export function plannedCost(model: ForwardModel, x: number, v: number, a: number, target: number, horizon: number, effort: number, out: PlanResult): PlanResult {
  let cost = effort * a * a;
  let dvda = 0;
  let J = 0;
  let jj = 0;
  let jr = 0;
  for (let h = 0; h < horizon; h++) {
    const p = model.predict(v, a, scratch);
    dvda = p.dv * dvda + p.da;
    v = p.next;
    x += v;
    J += dvda;
    const r = x - target;
    cost += r * r;
    jj += J * J;
    jr += J * r;
  }
  out.cost = cost;
  out.grad = 2 * (jr + effort * a);
  out.jj = jj;
  out.jr = jr;
  return out;
}

const result: PlanResult = { cost: 0, grad: 0, jj: 0, jr: 0 };

/** The action the controller takes: PLAN_ITERATIONS Gauss–Newton steps from `start`, in [−1, 1]. */
export function planAction(model: ForwardModel, x: number, v: number, start: number, target: number, horizon: number, effort: number): number {
  let a = Math.max(-1, Math.min(1, Number.isFinite(start) ? start : 0));
  for (let k = 0; k < PLAN_ITERATIONS; k++) {
    const r = plannedCost(model, x, v, a, target, horizon, effort, result);
    const denom = r.jj + effort;
    if (!(denom > 1e-12)) break;
    const next = Math.max(-1, Math.min(1, a - (r.jr + effort * a) / denom));
    if (!Number.isFinite(next)) return NaN;
    a = next;
  }
  return a;
}
