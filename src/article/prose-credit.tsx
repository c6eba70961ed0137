/**
 * The article's text for the middle sections (sparse credit, the abstract model, quizzes, the inverse
 * model, several internal models): split from prose.tsx so each file stays small; the same lazy chunk.
 */
import { Tex } from './Tex';
import { Try } from './Try';

const T = String.raw;

export function Study() {
  return (
    <>
      <p>
        Storing the past is one problem; finding the part of it that mattered is another. A student decides in
        the first week not to study and fails the exam months later. Between the decision and the grade lie
        thousands of events that had nothing to do with it. Whatever assigns credit has to find the one that
        did.
      </p>
      <p>
        Soft attention spreads credit over every past event by weights that sum to one. With T candidates and
        nothing yet learned, the relevant one gets about
      </p>
      <Tex block tex={T`w_{\text{relevant}} \approx \frac{1}{T}`} />
      <p>
        which vanishes as the semester grows. Backprop through time fares no better: the signal reaching the
        first step shrinks with every step it crosses, and truncating it to the last k steps cuts the first
        step off entirely. Something has to restrict the search to a handful of candidates before credit is
        handed out; sparse, top-k attention is one such prior.
      </p>
      <p>
        The panel trains each mechanism on the same task and shows, event by event, where the credit for the
        grade lands. Compare <Try name="short">a 30-event semester</Try> with{' '}
        <Try name="long">a thousand events</Try>: soft attention’s share on the choice falls roughly tenfold per
        tenfold, while sparse attention keeps its share. <Try name="window">Truncate backprop to 5 steps</Try>{' '}
        and it never sees the choice at all; <Try name="topOne">keep only the single best event</Try> and
        sparse attention must pick right. The <Try name="door">key-to-door variant</Try> adds small rewards
        along the way that have nothing to do with the door.
      </p>
      <p>
        Keeping its share is a statistical claim, and it takes three design choices to hold. Trained at the
        panel’s settings (semesters of 100 events, 2,000 steps), the sparse learner keeps at least half of the
        credit on the choice in a 10,000-event semester on all five seeds we test (0.71 to 0.76); the first
        version managed that on one seed in five, because a distractor’s score often drifted up to the same
        bound as the choice’s and the top k left the choice out. Now its scores may range twice as wide as soft
        attention’s (top-k needs a margin over the k − 1 runners-up, not over all T events); every score is
        pulled towards zero unless the grade’s error holds it up, so events that explain nothing sink; and the
        score reads what kind of event it is (a choice) while the value reads which choice was made, so a
        failing semester’s choice is scored like a passing one’s. What it learns on short semesters carries to
        long ones; it cannot learn on long ones from scratch: trained on 10,000-event semesters, its k tries
        per semester almost never include the choice, and after 1,000 steps no seed of five has learned.
      </p>
    </>
  );
}

export function Abstract() {
  return (
    <>
      <p>
        People do not assign blame by replaying three months second by second. They reason through a much
        smaller model: study, pass; skip, fail. Credit assignment through that model takes two steps, not
        thousands, and it is tractable for the same reason backprop is fast through a short network.
      </p>
      <p>
        Actor-critic methods work this way. A critic learns to predict the reward of an action, and the actor
        improves by following the critic’s gradient rather than by sampling the world:
      </p>
      <Tex block tex={T`\begin{aligned}\text{critic:}\quad & a \leftarrow a + \eta\,\nabla_a \hat R_\psi(a)\\ \text{REINFORCE:}\quad & \hat g = R\,\nabla_\theta \log \pi_\theta(a)\end{aligned}`} />
      <p>
        Two things are easy to conflate here. Backprop is the credit assignment: how much each quantity
        contributed. Gradient descent is what we then do with that answer. Generalising backprop means
        finding better ways to compute the first, through a learned proxy if the world itself offers no
        derivative.
      </p>
      <p>
        The panel gives one bandit to three learners: REINFORCE from the real reward, backprop through a learned
        reward model, and an oracle that backprops through the true reward. With{' '}
        <Try name="continuous">continuous actions</Try> the critic’s slope is a good guide once it has seen a few
        samples: it reaches 90 % of the best reward in fewer samples than REINFORCE (on each of five seeds we
        test), though REINFORCE, unbiased where the critic is not, may end a little higher. <Try name="noisy">Make the rewards noisier</Try> and REINFORCE suffers most. With{' '}
        <Try name="discrete">discrete arms</Try> there is no slope at the action taken, and the critic’s gradient
        has to be borrowed through a straight-through or a <Try name="relaxed">relaxed (Gumbel-softmax)</Try>{' '}
        sample. A proxy can also be wrong: <Try name="wild">give the critic a reckless learning rate</Try> and
        only the learner that trusts it goes astray.
      </p>
    </>
  );
}

export function Quizzes() {
  return (
    <>
      <p>
        Courses have quizzes and midterms, not only a final exam, and that is a credit-assignment device: each
        intermediate grade splits a long problem into short ones whose causes are near in time. A learner that
        gets m rewards spread through the sequence has gaps of about T/m steps to bridge instead of T.
      </p>
      <p>
        When nobody provides those quizzes, a learner can make its own. A critic that predicts the final
        outcome turns the change in its prediction into a reward at every step,
      </p>
      <Tex block tex={T`\delta_t = r_{t+1} + \gamma\,V(s_{t+1}) - V(s_t)`} />
      <p>
        so a sparse final signal becomes a dense one, provided the critic is right. The panel runs the same
        semester with <Try name="none">no quizzes</Try>, <Try name="few">four</Try>,{' '}
        <Try name="some">twenty-five</Try> or <Try name="many">fifty</Try> (a quiz every other event, where it
        starts); compare how many semesters each learner needs before it reliably
        makes the right choice, then <Try name="long">stretch the semester to a thousand events</Try>.{' '}
        <Try name="noCritic">Switch the learned critic off</Try> to see what its home-made intermediate
        rewards were worth.
      </p>
    </>
  );
}

export function Inverse() {
  return (
    <>
      <p>
        Backprop sends credit backwards with the transpose of the forward computation. Another family of models
        learns a separate backward computation. A Helmholtz machine pairs a generative model, which goes from
        hidden causes to data, with a recognition model, which goes from data to the causes that probably
        produced it. Trained by wake-sleep, each half supplies the other’s targets.
      </p>
      <p>
        Read as credit assignment, the recognition model says what the hidden layer should have produced for
        the data seen: a learned target for each unit, with no derivative through a discrete sample. VAEs and
        encoder-decoder networks do the same with continuous codes. Both are judged by the evidence bound
      </p>
      <Tex block tex={T`\log p(x) \ge \mathbb{E}_{q(h\mid x)}\big[\log p(x,h) - \log q(h\mid x)\big]`} />
      <p>
        The panel trains such a model on small bars-and-stripes images. Compare{' '}
        <Try name="wakeSleep">wake-sleep</Try> with teaching the recognition model by{' '}
        <Try name="score">plain REINFORCE</Try>, by <Try name="rloo">REINFORCE with a leave-one-out baseline</Try>{' '}
        or through a <Try name="relaxed">relaxed, Gumbel-softmax sample</Try>, and{' '}
        <Try name="probe">inspect another test image</Try> to read what the inverse model asks of each hidden
        unit.
      </p>
    </>
  );
}

export function Models() {
  return (
    <>
      <p>
        People do not carry one model of the world. Walking on ice, steering a boat or using a mirror each call up
        a different one, and we switch between them as the situation changes. A learner can do the same: keep a
        collection of models, each learned where it predicts well, and trust whichever is predicting best right now.
        A model of how actions change the world is exactly what backprop needs where the world itself gives no
        derivative: choose the action by the gradient of the predicted outcome, through the model.
      </p>
      <p>
        In the panel a mass chases a target while the rules change in blocks: a push may move it normally, the
        other way, hardly at all, or let it slide. Two learners plan their pushes by gradient descent through a
        learned model of the next velocity, and the true dynamics serve as the reference. One keeps a single model
        trained on everything; the other keeps several and puts in charge the one with the smallest recent
        prediction error (MOSAIC, Wolpert and Kawato 1998):
      </p>
      <Tex block tex={T`k^\star_t = \arg\min_k \sum_{s=t-W}^{t-1} \big(v_{s+1} - \hat f_k(v_s, a_s)\big)^2,\qquad a_t = \arg\min_a \sum_{h=1}^{H} \big(x_h(a; \hat f_{k^\star}) - g\big)^2 + \lambda a^2`} />
      <p>
        At first <Try name="flip">every switch reverses the push</Try>: the collection ends with a model for each
        regime and, on every return to one it has met, hands control back within a window, while the single model
        relearns what it overwrote. With <Try name="four">four regimes</Try> it makes one model per regime; sluggish
        and slippery differ less from normal, so there the single model has less to relearn. The
        threshold decides what counts as a new situation: <Try name="lax">too lax</Try> and one model must serve
        all; <Try name="strict">too strict</Try> and noise alone makes new models. Try{' '}
        <Try name="short">short blocks</Try>, or take the switch into your own hands:{' '}
        <Try name="manual">reverse the world now</Try>.
      </p>
    </>
  );
}
