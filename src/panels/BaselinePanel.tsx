import { useApp } from '../store/store';
import { reset, rollback, setParam } from '../store/actions';
import { ParamGroup } from '../controls/ParamGroup';
import { LineChart } from '../charts/LineChart';
import { DecisionMap } from '../charts/DecisionMap';
import { GradientFan } from '../charts/GradientFan';
import { useWidth } from '../charts/useWidth';
import { palette } from '../charts/palette';
import { baselineSchema, type BaselineFrameData } from '../core/experiments/baseline-mlp.schema';
import { fmt, fmtInt } from '../app/format';
import type { PanelProps } from './panel-props';
import { WorkerPlaceholder } from './common/WorkerPlaceholder';

/** "two hidden layers of 16 and 16 ReLU units", from the settings actually in force. */
function describeNetwork(params: Record<string, unknown>): string {
  const hidden = Array.isArray(params.hidden) ? (params.hidden as number[]) : [];
  const count = ['no', 'one', 'two', 'three', 'four', 'five', 'six'][hidden.length] ?? String(hidden.length);
  const units = { relu: 'ReLU', tanh: 'tanh', linear: 'linear' }[String(params.activation)] ?? String(params.activation);
  return `${count} hidden layer${hidden.length === 1 ? '' : 's'} of ${hidden.join(', ')} ${units} units`;
}

/**
 * Panel for the smooth-backprop baseline: controls on the left; the decision boundary, the loss
 * curves and the minibatch-gradient fan on the right. Every caption is computed from the frame shown.
 */
export function BaselinePanel({ hidden }: PanelProps) {
  const params = useApp((s) => s.params);
  const frame = useApp((s) => s.frame);
  const phase = useApp((s) => s.phase);
  const [wideRef, width] = useWidth<HTMLDivElement>(640);
  const data = frame?.snapshot.experimentId === 'baseline' ? (frame.snapshot.data as unknown as BaselineFrameData) : null;
  const diverged = frame?.snapshot.diverged ?? null;
  const step = frame?.snapshot.step ?? 0;
  const twoCol = width >= 760;
  const mapSize = Math.min(twoCol ? Math.floor(width / 2) - 12 : width, 520);
  const chartW = twoCol ? Math.floor(width / 2) - 12 : width;

  return (
    <section className="panel" aria-labelledby="baseline-title" data-testid="panel-baseline">
      <header className="panel-head">
        <h2 id="baseline-title">Backprop where it works: a small rectifier network</h2>
        <p>
          A network with {describeNetwork(params)} learns to separate two classes of points in the plane. Every
          step follows a gradient computed on a <em>minibatch</em>, so each step sees only a noisy estimate of the
          direction the whole training set would give. Shrink the batch and watch the fan of minibatch gradients on the
          right spread out; the noise scale below says how large a batch is worth using right now.
        </p>
      </header>
      {diverged && (
        <div className="alert alert-error" role="alert">
          <strong>Training stopped at step {fmtInt(diverged.step)}.</strong> {diverged.reason}{' '}
          {diverged.lastGoodStep !== undefined && (
            <button type="button" onClick={() => void rollback()}>
              Roll back to step {fmtInt(diverged.lastGoodStep)}
            </button>
          )}{' '}
          <button type="button" onClick={() => void reset()}>
            Reset the run
          </button>
        </div>
      )}
      <div className="panel-body">
        <aside className="controls" aria-label="Baseline settings">
          <ParamGroup schema={baselineSchema} values={params} onChange={(k, v) => void setParam(k, v)} hidden={hidden} disabled={phase === 'booting'} />
        </aside>
        <div className="figures" ref={wideRef}>
          {!data ? (
            <WorkerPlaceholder phase={phase} />
          ) : (
            <>
              <div className="figure-row">
                <div>
                  <h3>Decision boundary at step {fmtInt(step)}</h3>
                  <DecisionMap
                    heatmap={data.heatmap}
                    grid={data.grid}
                    extent={data.extent}
                    pointsX={data.pointsX}
                    labels={data.pointsLabel}
                    train={data.pointsTrain}
                    size={mapSize}
                    description={`Decision boundary of the network after ${step} steps on the ${String(params.dataset)} data set; test accuracy ${fmt(data.testAccuracy * 100, 3)} percent.`}
                  />
                </div>
                <div>
                  <h3>Loss</h3>
                  <LineChart
                    width={chartW}
                    height={Math.round(Math.min(300, chartW * 0.62))}
                    xLabel="step"
                    yLabel="cross-entropy"
                    logY
                    description={`Training and test loss over ${step} steps; now ${fmt(data.trainLoss)} on training data and ${fmt(data.testLoss)} on test data.`}
                    series={[
                      { name: 'minibatch loss (each step)', color: palette.grey, x: data.stepLoss.steps, y: data.stepLoss.minibatch, faint: true },
                      { name: 'train (all points)', color: palette.blue, x: data.history.steps, y: data.history.train },
                      { name: 'test', color: palette.vermillion, x: data.history.steps, y: data.history.test, dashed: true },
                    ]}
                  />
                  <dl className="readouts" aria-live="off">
                    <div><dt>train loss</dt><dd data-testid="train-loss">{fmt(data.trainLoss)}</dd></div>
                    <div><dt>test loss</dt><dd>{fmt(data.testLoss)}</dd></div>
                    <div><dt>train accuracy</dt><dd>{fmt(data.trainAccuracy * 100, 3)}%</dd></div>
                    <div><dt>test accuracy</dt><dd>{fmt(data.testAccuracy * 100, 3)}%</dd></div>
                    <div><dt>parameters</dt><dd>{fmtInt(data.parameterCount)}</dd></div>
                  </dl>
                </div>
              </div>
              <div className="figure-row">
                <div>
                  <h3>How noisy is a minibatch gradient? (step {fmtInt(data.noiseStep)})</h3>
                  <GradientFan
                    along={data.noise.fanAlong}
                    across={data.noise.fanAcross}
                    batch={data.batch}
                    size={Math.min(mapSize, 360)}
                    description={`${data.noise.fanAlong.length} gradients of random minibatches of ${data.batch} points, against the full-batch gradient; mean cosine ${fmt(data.noise.meanCosine)}.`}
                  />
                </div>
                <div className="noise-text">
                  <h3>Gradient noise scale</h3>
                  <p>
                    With per-example gradients g<sub>i</sub> of the {fmtInt(data.trainCount)} training points, the full-batch
                    gradient is G = mean g<sub>i</sub> and Σ is their covariance. A minibatch of B points has expected squared
                    norm |G|² + tr(Σ)/B, so batches much larger than B<sub>simple</sub> = tr(Σ)/|G|² buy little
                    (McCandlish et al., 2018).
                  </p>
                  <dl className="readouts">
                    <div><dt>B<sub>simple</sub> (exact, per-example)</dt><dd data-testid="b-simple">{fmt(data.noise.bSimple)}</dd></div>
                    <div>
                      <dt>B<sub>simple</sub> estimated from 256 batches of {data.batch} and of {4 * data.batch}</dt>
                      <dd title="McCandlish et al.'s two-batch estimator; it fails when the estimate of |G|² comes out ≤ 0">
                        {Number.isFinite(data.noise.twoBatchBSimple) ? fmt(data.noise.twoBatchBSimple) : 'too noisy (|G|² estimate ≤ 0)'}
                      </dd>
                    </div>
                    <div><dt>|G|²</dt><dd>{fmt(data.noise.gradSq)}</dd></div>
                    <div><dt>tr(Σ)</dt><dd>{fmt(data.noise.traceSigma)}</dd></div>
                    <div><dt>mean cosine(minibatch, G)</dt><dd>{fmt(data.noise.meanCosine)}</dd></div>
                  </dl>
                  <p className="hint">
                    Batch size now: {data.batch}
                    {Number(params.batch) > data.trainCount ? ` (the slider says ${String(params.batch)}, capped at the ${data.trainCount} training points)` : ''}.
                    {Number.isFinite(data.noise.bSimple) && data.noise.bSimple > 0
                      ? data.batch < data.noise.bSimple
                        ? ' It is below B_simple: a bigger batch would still cut the noise a lot.'
                        : ' It is above B_simple: a bigger batch mostly costs time.'
                      : ''}
                  </p>
                </div>
              </div>
            </>
          )}
        </div>
      </div>
    </section>
  );
}
