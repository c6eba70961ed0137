/**
 * The continuous bandit: a reward r(a) that is a sum of Gaussian bumps (one tall, one lower decoy),
 * seen with noise. Because a Gaussian policy N(μ, σ²) blurs a Gaussian bump into a wider Gaussian
 * bump, the expected reward J(μ, σ) = E[r(a)] and its gradient have closed forms: the learning curves
 * are exact, not estimated.
 */

export interface Bump {
  height: number;
  center: number;
  width: number;
}

/** A tall bump at a = 1.5 and a lower one at a = −2: the policy starts at 0, between the two. */
export const BUMPS: readonly Bump[] = [
  { height: 1, center: 1.5, width: 0.7 },
  { height: 0.45, center: -2, width: 0.5 },
];

/** The action axis drawn and the range the policy mean is kept in. */
export const ACTION_MIN = -4;
export const ACTION_MAX = 4;

export function reward(a: number, bumps: readonly Bump[] = BUMPS): number {
  let r = 0;
  for (const b of bumps) r += b.height * Math.exp(-((a - b.center) ** 2) / (2 * b.width ** 2));
  return r;
}

/** dr/da: what the oracle backprops through. */
export function rewardSlope(a: number, bumps: readonly Bump[] = BUMPS): number {
  let g = 0;
  for (const b of bumps) g += (-b.height * (a - b.center) * Math.exp(-((a - b.center) ** 2) / (2 * b.width ** 2))) / b.width ** 2;
  return g;
}

/** J(μ, σ) = E_{a~N(μ,σ²)} r(a) = Σ h w / s · exp(−(μ−c)²/(2s²)), s² = w² + σ². */
export function expectedReward(mu: number, sigma: number, bumps: readonly Bump[] = BUMPS): number {
  let j = 0;
  for (const b of bumps) {
    const s2 = b.width ** 2 + sigma ** 2;
    j += ((b.height * b.width) / Math.sqrt(s2)) * Math.exp(-((mu - b.center) ** 2) / (2 * s2));
  }
  return j;
}

/** The best J any policy can reach: the tallest bump's height (σ → 0 at its centre). */
export function bestReward(bumps: readonly Bump[] = BUMPS): number {
  let best = -Infinity;
  for (let a = ACTION_MIN; a <= ACTION_MAX; a += 0.001) best = Math.max(best, reward(a, bumps));
  return best;
}

/** Gaussian density, for drawing the policy over the action axis. */
export function gaussianDensity(a: number, mu: number, sigma: number): number {
  return Math.exp(-((a - mu) ** 2) / (2 * sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI));
}
