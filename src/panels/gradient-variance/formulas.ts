/**
 * Constant TeX strings (never user or URL data) for each estimator, for binary units and for the
 * Gaussian unit (null: the estimator has no Gaussian form here; its row says "not applicable").
 */
import type { EstimatorKey } from '../../core/experiments/gradient-variance.schema';

export const BINARY_TEX: Record<EstimatorKey, string> = {
  exact: String.raw`g = \theta(1-\theta)\,\big(f(1)-f(0)\big)`,
  sf: String.raw`\hat g = f(b)\,(b-\theta)`,
  sfOracle: String.raw`\hat g = \big(f(b)-\mathbb{E}[f]\big)\,(b-\theta)\quad(\text{the mean, an oracle; not the optimal constant})`,
  sfAverage: String.raw`\hat g = \big(f(b)-\bar f\big)(b-\theta),\ \ \bar f \leftarrow \text{running mean of } f`,
  sfOptimal: String.raw`\hat g = \big(f(b)-c^\ast\big)\,s,\ \ s=b-\theta,\ \ c^\ast=\tfrac{\mathbb{E}[f s^2]}{\mathbb{E}[s^2]}\ (\text{estimated online})`,
  rloo: String.raw`\hat g = \tfrac{1}{K-1}\textstyle\sum_k \big(f(b_k)-\tfrac1K\sum_j f(b_j)\big)(b_k-\theta)`,
  st: String.raw`\hat g = f'(b)\,\theta(1-\theta)\quad(\text{hard } b \text{ forward})`,
  concrete: String.raw`z=\sigma\!\big(\tfrac{\phi+L}{\tau}\big),\ L=\log\tfrac{u}{1-u},\ \ \hat g = \tfrac{\partial f(z)}{\partial\phi}`,
  stGumbel: String.raw`b=\mathbb{1}[\phi+L>0],\ \ \hat g = f'(b)\,\tfrac{\partial z}{\partial\phi}`,
  rebar: String.raw`\hat g = \big(f(b)-\eta f(\tilde z)\big)\,\partial_\phi\log p(b) + \eta\,\partial_\phi f(z) - \eta\,\partial_\phi f(\tilde z)`,
  arm: String.raw`\hat g = \big(f(\mathbb{1}[u>\sigma(-\phi)]) - f(\mathbb{1}[u<\sigma(\phi)])\big)\,(u-\tfrac12)`,
  disarm: String.raw`\hat g = \tfrac12\big(f(b)-f(\tilde b)\big)(-1)^{\tilde b}\,\mathbb{1}[b\ne\tilde b]\,\sigma(|\phi|)`,
  pathwise: String.raw`x=\mu+\sigma\epsilon:\ \text{no path through a Bernoulli } b`,
};

export const GAUSSIAN_TEX: Record<EstimatorKey, string | null> = {
  exact: null,
  sf: String.raw`\hat g_\mu = f(x)\,\tfrac{x-\mu}{\sigma^2}`,
  sfOracle: null,
  sfAverage: null,
  sfOptimal: String.raw`\hat g_\mu = \big(f(x)-c^\ast\big)\tfrac{x-\mu}{\sigma^2},\ \ c^\ast=\tfrac{\mathbb{E}[f s^2]}{\mathbb{E}[s^2]}=\mathbb{E}[f\,\epsilon^2]\ (\text{exact, closed form})`,
  rloo: String.raw`\hat g_\mu = \tfrac{1}{K-1}\textstyle\sum_k \big(f(x_k)-\tfrac1K\sum_j f(x_j)\big)\tfrac{x_k-\mu}{\sigma^2}`,
  st: null,
  concrete: null,
  stGumbel: null,
  rebar: null,
  arm: null,
  disarm: null,
  pathwise: String.raw`x=\mu+\sigma\epsilon,\ \epsilon\sim\mathcal N(0,1):\ \ \hat g_\mu = f'(x)`,
};
