/**
 * The article's text, one component per section id of sections.ts. Loaded on demand (its own chunk),
 * so the first trained frame never waits for it. Formulas go through <Tex> (KaTeX, also lazy); "try
 * this" links through <Try name>, whose states are listed in the section's entry.
 */
import type { ComponentType } from 'react';
import { Tex } from './Tex';
import { Try } from './Try';
import { Abstract, Inverse, Models, Quizzes, Study } from './prose-credit';

const T = String.raw;

function Success() {
  return (
    <>
      <p>
        Backpropagation answers one question very well: if a computation is a chain of smooth steps, how much
        did each weight contribute to the final error? The chain rule gives the exact answer, layer by layer,
        for about the price of one more pass through the network:
      </p>
      <Tex block tex={T`\frac{\partial L}{\partial W_\ell} = \frac{\partial L}{\partial h_\ell}\,\frac{\partial h_\ell}{\partial W_\ell},\qquad \frac{\partial L}{\partial h_{\ell-1}} = \frac{\partial L}{\partial h_\ell}\,\frac{\partial h_\ell}{\partial h_{\ell-1}}`} />
      <p>
        That answer is so cheap and so reliable that it has shaped which models get built. We reach for
        networks whose every step has a derivative, and leave aside the ones that make hard choices, pick one
        of several experts, or send a discrete message, even when those would suit the problem better. They
        are not rare because they were tried and lost; they are rare because we lack an equally good way to
        train them.
      </p>
      <p>
        The panel is the case where backprop is at home: a small rectifier network learning two classes in the
        plane. A rectifier is not differentiable at zero, and nobody minds, because the kink is a single
        point. Try it: <Try name="linear">make every unit linear</Try> and the network can only draw a
        straight boundary; <Try name="smooth">swap in smooth tanh units</Try>; or give it a harder task,{' '}
        <Try name="spiral">the spiral with wider layers</Try>.
      </p>
    </>
  );
}

function Mixtures() {
  return (
    <>
      <p>
        A case in point is a prediction with more than one right answer. Turn the function x = y + 0.3 sin 2πy
        around and ask for y given x: for x near ½ there are three values of y, all equally right. Least squares
        cannot say that. Its best answer is the conditional mean, the average of the three, which lies between
        the branches where no data are: compare <Try name="mdnVsMean">the single Gaussian and the mixture alone</Try>.
      </p>
      <p>
        A conditional Gaussian mixture (a mixture density network) predicts weights, means and widths of K
        Gaussians, and its negative log-likelihood hands each component a share of every point’s credit, its
        responsibility:
      </p>
      <Tex block tex={T`-\log p(y\mid x) = -\log \sum_k \pi_k(x)\,\mathcal N\big(y;\mu_k(x),\sigma_k(x)^2\big),\qquad r_k = \frac{\pi_k \mathcal N_k}{\sum_j \pi_j \mathcal N_j}`} />
      <p>
        Backprop works here, but it is fragile. The likelihood of a component sitting on one point grows without
        bound as its width shrinks, so without a floor under σ a learner can <Try name="collapse">collapse</Try>; the
        panel stops such a learner at that step and says why, and the seed sweep counts how often it happens.
        Hard credit (winner-takes-all) leaves far-off components unused, more so with{' '}
        <Try name="many">more components than answers</Try>. And the natural discrete reading, pick a component
        and then a value, has no gradient through the pick: the score function and Gumbel-softmax give it one,
        but because the pick is made before y is seen, they learn one wide component over all the answers.
        The same holds for <Try name="arms">an answer in the plane</Try>. Mixtures are easy to write down
        and awkward to train by gradient, and that is one reason they are used less than they might be.
      </p>
    </>
  );
}

function Noise() {
  return (
    <>
      <p>
        Even where backprop applies, what a network follows is not the gradient of the thing we care about.
        The loss on the training set stands in for the error on data we have not seen, and each step uses only
        a minibatch of B examples, so it sees a random estimate of even that gradient. With G the full-batch
        gradient and Σ the covariance of single-example gradients,
      </p>
      <Tex block tex={T`\mathbb{E}\,\lVert \hat g_B \rVert^2 = \lVert G \rVert^2 + \frac{\operatorname{tr}\Sigma}{B}`} />
      <p>
        so the noise shrinks only like 1/B. The fan of minibatch gradients in the panel shows the spread
        directly: <Try name="one">train on one example per step</Try> and the arrows point almost anywhere;{' '}
        <Try name="full">use every training point</Try> and they collapse onto one.
      </p>
      <p>
        Optimisers such as AdaGrad, RMSprop and Adam rescale each coordinate by a running measure of its past
        gradients, and they usually beat the raw gradient. That alone says the raw gradient is not the most
        useful signal available. Compare <Try name="sgd">plain SGD</Try> with <Try name="adam">Adam</Try> on
        the same seed: same gradients, different use of them.
      </p>
    </>
  );
}

function Reinforce() {
  return (
    <>
      <p>
        When a unit makes a discrete choice, there is no path for the chain rule to follow: a sample b from a
        Bernoulli with probability θ does not move smoothly when θ does. The standard alternative, REINFORCE
        (the score-function estimator), needs no path at all. It samples, scores the outcome, and nudges the
        probabilities of what it sampled up or down:
      </p>
      <Tex block tex={T`\nabla_\phi\, \mathbb{E}_{b\sim p_\phi}[f(b)] = \mathbb{E}_{b\sim p_\phi}\big[f(b)\,\nabla_\phi \log p_\phi(b)\big]`} />
      <p>
        It is unbiased, and it works for any f. The price is variance. Each unit’s update is multiplied by the
        whole outcome f, which every other unit also moved, so the other units’ luck is noise in this one’s
        signal. With <Try name="few">4 units</Try> the estimate is usable; with{' '}
        <Try name="many">1,024 units</Try> its signal-to-noise ratio sinks, while the exact gradient does
        not change. Backprop never pays this, because it asks each unit about its own effect only.
      </p>
      <p>
        Baselines, leave-one-out averages and relaxations (Concrete, REBAR) claw some of it back, and the panel
        races them. (The best constant baseline is not the mean of f but E[f s²]/E[s²], s the score; the two
        agree only at θ = ½. The table's numbers are running estimates with their standard errors, and a bias
        within three standard errors is reported as noise, not bias.) When the signal is faint,{' '}
        <Try name="faint">a target of 0.499 instead of 0.45</Try>, plain REINFORCE barely moves;{' '}
        <Try name="samples">more samples per step</Try> help, at a linear cost. For a continuous unit{' '}
        <Try name="gaussian">(the Gaussian case)</Try> a path does exist, and the pathwise gradient shows what
        that path is worth.
      </p>
    </>
  );
}

function Memory() {
  return (
    <>
      <p>
        A second difference between the two is memory. REINFORCE can learn from a running tally kept as events
        happen; backprop cannot. To send an error back through T steps of a recurrent network, each backward
        step needs the state the forward pass went through at that step, so all of them must be kept until the
        outcome is known, and that memory grows with T. For a brain it would mean holding every activation of
        the last hours or days.
      </p>
      <p>
        One way out is to keep only a few checkpoints and recompute the states in between when the backward
        pass needs them. Keeping one state every √T steps gives
      </p>
      <Tex block tex={T`\begin{aligned}\text{memory} &\approx \tfrac{T}{k} + k = 2\sqrt{T}\quad\text{at } k=\sqrt{T}\\ \text{extra work} &\approx \text{one more forward pass}\end{aligned}`} />
      <p>
        and binomial checkpointing (revolve) goes further with a fixed number s of stored states, paying in
        recomputation. The panel trains the same network under each schedule; the gradient is identical, only
        memory and work differ. Compare <Try name="all">storing everything</Try> with{' '}
        <Try name="sqrt">√T checkpoints</Try> and <Try name="revolve">four checkpoints with revolve</Try>;
        then <Try name="tight">cap memory at 64 states</Try> and see which schedule is refused, or{' '}
        <Try name="long">unroll through 4,096 steps</Try>.
      </p>
    </>
  );
}

function Replay() {
  return (
    <>
      <p>
        Recomputing states from a checkpoint means running the past again, and animals appear to do something
        like it. After a rat runs down a track to a reward, the place cells that fired along the way fire
        again, quickly and in reverse order, while it sits at the reward. Played backwards, the sequence
        starts where the outcome is known and walks toward the choices that led to it.
      </p>
      <p>
        In value learning, the order matters. Each update moves a place’s value toward the value of the place
        after it,
      </p>
      <Tex block tex={T`\begin{aligned}\delta_t &= r_{t+1} + \gamma\,V(s_{t+1}) - V(s_t)\\ V(s_t) &\leftarrow V(s_t) + \alpha\,\delta_t\end{aligned}`} />
      <p>
        so a sweep from the reward back to the start carries the news all the way in one lap, while a forward
        sweep moves it one place per lap. Compare <Try name="reverse">reverse replay</Try>,{' '}
        <Try name="forward">forward replay</Try> and <Try name="none">no replay</Try>, then{' '}
        <Try name="long">make the track three times longer</Try>: the gap grows with the distance credit must
        travel.
      </p>
    </>
  );
}

function Entropy() {
  return (
    <>
      <p>
        With continuous actions, an agent can follow the gradient of a learned reward model through its own
        action. With discrete actions there is nothing to follow: moving the choice a little is not a choice.
        Straight-through estimators pretend the sample was continuous, which helps in practice without a clean
        justification. The principled route treats the action as a sample from a distribution and differentiates
        the distribution’s parameters. For a softmax policy,
      </p>
      <Tex block tex={T`\nabla_\theta \log \pi_\theta(a) = e_a - \pi_\theta`} />
      <p>
        which goes to zero as the policy becomes certain. A policy that commits early stops receiving signal and
        stops exploring; entropy keeps it learning. Adding a bonus β·H(π) to the objective,
      </p>
      <Tex block tex={T`\begin{aligned}J(\theta) &= \mathbb{E}_{a\sim\pi_\theta}[R(a)] + \beta\, H(\pi_\theta),\\ H(\pi) &= -\textstyle\sum_a \pi(a)\log\pi(a)\end{aligned}`} />
      <p>
        is less a tuning knob than a condition for learning at all. The panel’s policy chooses among noisy arms,
        one of them a decoy almost as good as the best. With <Try name="none">no bonus</Try> it may lock onto
        the decoy and go quiet (the page’s seed does; of five seeds we test, one does); <Try name="some">a small bonus</Try> keeps it listening;{' '}
        <Try name="lots">a large one</Try> keeps it so uncertain that it never commits. A{' '}
        <Try name="cold">cold softmax</Try> commits even faster, and{' '}
        <Try name="arms">fifty arms</Try> make exploration harder still.
      </p>
    </>
  );
}

function Unseen() {
  return (
    <>
      <p>
        Nobody learns to avoid a fatal crash by having one. There is no training signal from an event that ends
        the learner, so whatever steers us away from it must come from a model of consequences learned from
        safe experience, then used to plan. This is the strongest argument for model-based learning: not
        efficiency, but necessity.
      </p>
      <p>
        The panel is a small grid world beside a cliff. A planner learns a model of moves from a safe explorer’s
        data, which never goes over the edge, and is <Try name="told">told what a fall means</Try>; it plans
        around the edge without ever having fallen. Q-learning, which learns only from what happens to it, has
        to fall, many times, and its count of falls is the price. <Try name="untold">Withhold the rule</Try>{' '}
        and the planner is no wiser than its data: the prior knowledge, not the data, is what keeps it safe.
        Try <Try name="pit">a pit in the middle of the straight path</Try>,{' '}
        <Try name="little">much less safe data</Try>, or <Try name="slip">slippery moves</Try>.
      </p>
    </>
  );
}

function Surface() {
  return (
    <>
      <p>
        Finally, a puzzle about backprop’s home ground. Each rectifier unit folds the loss along a hyperplane in
        weight space, so a network of even a few dozen units has a loss made of many flat-sided pieces. Yet
        plotted along a line or a plane through weight space it looks like smooth rolling hills. Three
        explanations compete, and each can be tested.
      </p>
      <p>
        Averaging: the loss is a mean over examples, and each example puts its corners in different places.
        Zoom in on <Try name="kink">one example along a direction aimed at a kink</Try>, then{' '}
        <Try name="blur">average over all of them</Try>. Projection: a random line through thousands of
        dimensions may simply miss the corners; <Try name="miss">aim at random</Try> and see. For contrast,{' '}
        <Try name="tanh">smooth tanh units</Try> have no corners at all.
      </p>
      <p>Near-linearity: along the straight path from the initial weights θ₀ to the current ones θ₁,</p>
      <Tex block tex={T`\alpha \mapsto L\big(\theta_0 + \alpha\,(\theta_1-\theta_0)\big),\qquad \alpha\in[0,1]`} />
      <p>
        the loss usually falls <Try name="line">without a single bump</Try>, as if the network were close to
        linear in its weights, much as it is nearly linear in its inputs (the reason one gradient-sign step
        can make an adversarial example).
      </p>
    </>
  );
}

const PROSE: Record<string, ComponentType> = {
  success: Success,
  mixtures: Mixtures,
  noise: Noise,
  reinforce: Reinforce,
  memory: Memory,
  replay: Replay,
  study: Study,
  abstract: Abstract,
  quizzes: Quizzes,
  inverse: Inverse,
  models: Models,
  entropy: Entropy,
  unseen: Unseen,
  surface: Surface,
};

/** The text of one section (the lazy chunk's default export). */
export default function SectionProse({ id }: { id: string }) {
  const Text = PROSE[id];
  return Text ? <Text /> : <p>This section has no text yet.</p>;
}
