/** The formulas of the selected estimators, and the sources. */
import type { EstimatorFrame } from '../../core/experiments/gradient-variance.schema';
import { Tex } from '../common/Tex';
import { BINARY_TEX, GAUSSIAN_TEX } from './formulas';
import { LineSwatch } from './FamilyLegend';

export function Formulas({ rows, gaussian }: { rows: EstimatorFrame[]; gaussian: boolean }) {
  return (
    <>
      <h3>The estimators</h3>
      <dl className="gv-formulas">
        {rows.map((e) => {
          const tex = (gaussian ? GAUSSIAN_TEX[e.key] : null) ?? BINARY_TEX[e.key];
          return (
            <div key={e.key}>
              <dt>
                <LineSwatch k={e.key} />
                {e.label}
              </dt>
              <dd>
                <Tex tex={tex} className="gv-tex" />
              </dd>
            </div>
          );
        })}
      </dl>
      <p className="hint">
        b ~ Bernoulli(θ), θ = σ(φ), u ~ U(0, 1), L the logistic noise, z its relaxed sample and z̃ the relaxation conditioned on
        b; for the Gaussian unit x = μ + σε and s the score. Sources: Williams 1992; Bengio, Léonard &amp; Courville 2013; Jang, Gu
        &amp; Poole 2017; Maddison, Mnih &amp; Teh 2017; Tucker et al. 2017; Grathwohl et al. 2018; Kool, van Hoof &amp; Welling 2019;
        Yin &amp; Zhou 2019; Dong, Mnih &amp; Tucker 2020; Mohamed et al. 2020.
      </p>
    </>
  );
}
