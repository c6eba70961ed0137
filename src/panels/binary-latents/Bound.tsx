/** The two networks, the bound the curves measure, and the two ways of teaching q: formulas and words. */
import { Tex as SharedTex } from '../common/Tex';

const Tex = ({ tex }: { tex: string }) => <SharedTex tex={tex} block className="bl-tex" />;

export function Bound() {
  return (
    <div className="explain bl-bound">
      <p>The generative model and the recognition model are each one layer of logistic units:</p>
      <Tex tex={String.raw`p(h_j{=}1)=\sigma(a_j)`} />
      <Tex tex={String.raw`p(x_i{=}1\mid h)=\sigma\big((hW+c)_i\big)`} />
      <Tex tex={String.raw`q(h_j{=}1\mid x)=\sigma\big((xU+d)_j\big)`} />
      <p>
        For any q, the negative ELBO bounds the code length of an image from above, and averaging K importance weights
        tightens the bound toward −log p(x) itself:
      </p>
      <Tex tex={String.raw`f(h)=-\log p(x,h)+\log q(h\mid x)`} />
      <Tex tex={String.raw`-\log p(x)\le -\log\tfrac1K\textstyle\sum_{k} e^{-f(h_k)}\le \mathbb E_q[f(h)]`} />
      <p>
        The gap between the dashed and the solid curve is how far q is from the true posterior. The grey line is the
        entropy of the data, the code length of a model that knew the generator exactly.
      </p>
      <h4>Two ways to teach q</h4>
      <p>
        <strong>Estimators.</strong> The decoder’s gradient is easy: evaluate at a sample h. q’s gradient asks how
        E<sub>q</sub>[f] changes when the coin probabilities move, and a sample h has no slope. Each estimator in the list
        builds one from samples (REINFORCE: f(h)·(h − σ(φ)); RLOO and DisARM: the same with a better reference point;
        Gumbel-softmax: differentiate through a softened coin at temperature τ, which is biased). With S samples per image,
        RLOO uses the other S − 1 as the baseline.
      </p>
      <p>
        <strong>Wake-sleep.</strong> Awake, the decoder learns to reproduce real images from q’s guesses. Asleep, the
        generative model dreams an h and an image from it, and q learns to recover that h: ordinary supervised learning,
        because in a dream the true cause is known. No gradient passes through a coin; the price is that q minimises the
        reverse KL divergence on dreams rather than the ELBO on data, so it can settle on a worse bound.
      </p>
      <Tex tex={String.raw`h'\sim p(h),\quad x'\sim p(x\mid h')`} />
      <Tex tex={String.raw`\Delta U \propto x'^{\top}\big(h'-\sigma(x'U+d)\big)`} />
    </div>
  );
}
