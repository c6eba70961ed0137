/** Why the credit rule matters: the text behind the mixture panel's "More". */
export function CreditRuleText() {
  return (
    <div className="md-text">
      <h3>Why the credit rule matters</h3>
      <p>
        The mixture’s negative log-likelihood −log Σₖ πₖ N(y; μₖ, σₖ) sends each component a share of each
        point’s credit equal to its responsibility rₖ = πₖNₖ / Σⱼ πⱼNⱼ. That is soft credit, and it is exactly
        the gradient EM follows with the responsibilities held fixed; EM just takes several steps per E-step.
        Winner-takes-all gives the whole point to the nearest mean: a component that starts far from every
        point never wins and never moves (it stays unused), which the relaxed form fixes by giving the losers ε.
      </p>
      <p>
        Sampling the component as a discrete latent and learning the choice by the score function or
        Gumbel-softmax optimises E over k of −log N(y; μₖ, σₖ), a bound on the NLL whose best solution puts one
        wide component over all the answers: the choice is made before y is seen, so it cannot learn which
        branch a point belongs to. The variance floor is the guard against the likelihood’s own flaw: a
        component sitting on a single point has a density that grows without bound as σ → 0.
      </p>
    </div>
  );
}
