/** How the selector chooses and how the controllers plan: the text behind the internal-models panel's "More". */
import { fmtInt } from '../../app/format';
import { LEARNER_TEXT_COLORS } from './Timeline';

export function SelectorText({ window, horizon }: { window: number; horizon: number }) {
  return (
    <div className="im-text">
      <h3>How the selector chooses</h3>
      <p>
        Every model predicts every step’s next velocity. The selector keeps each model’s squared errors over the
        last {fmtInt(window)} steps and puts in charge the one with the smallest sum: the most likely model under
        Gaussian noise (MOSAIC, Wolpert &amp; Kawato 1998, with a hard choice). Only the model in charge is trained,
        and only while it predicts well, so a model is not overwritten by a regime it does not know. When no model
        has predicted well for two windows, a new one is made, starting as a copy of the best.
      </p>
      <p>
        Both learners choose the push a by Gauss–Newton steps on the gradient of the planned cost
        Σₕ (xₕ − g)² + λa², computed by the chain rule through {fmtInt(horizon)} steps of their own model. The
        reference does the same through the true dynamics. A <span style={{ color: LEARNER_TEXT_COLORS.single }}>single model</span>{' '}
        trained on everything is always fitting the regime in force and forgetting the others.
      </p>
    </div>
  );
}
