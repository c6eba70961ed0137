import { useApp } from '../store/store';
import { useFrame } from '../store/use-frame';
import { LineChart } from '../charts/LineChart';
import { DecisionMap } from '../charts/DecisionMap';
import { GradientFan } from '../charts/GradientFan';
import { palette } from '../charts/palette';
import type { BaselineFrameData } from '../core/experiments/baseline-mlp.schema';
import { fmt, fmtInt } from '../app/format';
import type { PanelProps } from './panel-props';
import { PanelShell, type FigureMap } from './common/PanelShell';
import { batchAdvice } from './baseline/advice';
import { chartSize } from './common/useBox';
import { useKinkSegments } from './network/NetworkFigure';
import { NetworkWithSlowStep, SlowStepLauncher } from './slow-step/NetworkWithSlowStep';
import { KinkPath } from './network/KinkPath';
import { shownUnit, useUnitFocus, type UnitFocus } from './network/useUnitFocus';
import type { UnitRef } from '../core/mlp/network-frame';
import { DrawRefusal, DrawToolbar, drawOverlay, useDrawState, type DrawState } from './common/DrawData';
import { usePage } from '../article/navigation';
import { SECTIONS } from '../article/sections';

const NO_X = new Float32Array(0);
const NO_LABELS = new Int32Array(0);
const NO_TRAIN = new Uint8Array(0);

/** "two hidden layers of 16 and 16 ReLU units", from the settings actually in force. */
function describeNetwork(params: Record<string, unknown>): string {
  const hidden = Array.isArray(params.hidden) ? (params.hidden as number[]) : [];
  const count = ['no', 'one', 'two', 'three', 'four', 'five', 'six'][hidden.length] ?? String(hidden.length);
  const units = { relu: 'ReLU', tanh: 'tanh', linear: 'linear' }[String(params.activation)] ?? String(params.activation);
  return `${count} hidden layer${hidden.length === 1 ? '' : 's'} of ${hidden.join(', ')} ${units} units`;
}

/** The unit the reader points at in the network figure, and where it kinks: drawn on the decision map too. */
interface Kink {
  unit: UnitRef;
  segments: Float32Array;
}

function figuresOf(data: BaselineFrameData, step: number, params: Record<string, unknown>, focus: UnitFocus, kink: Kink | null, draw: DrawState): FigureMap<'baseline'> {
  const smooth = (data.network?.activation ?? params.activation) !== 'relu';
  // While drawing, the plane shows the drawing as it is now (the frame's points lag by a frame).
  const drawing = draw.on;
  const dataName = draw.active ? 'drawn' : String(params.dataset);
  return {
    decision: {
      title: `Decision boundary at step ${fmtInt(step)}`,
      render: (box) => (
        <DecisionMap
          heatmap={data.heatmap}
          grid={data.grid}
          extent={data.extent}
          pointsX={drawing ? NO_X : data.pointsX}
          labels={drawing ? NO_LABELS : data.pointsLabel}
          train={drawing ? NO_TRAIN : data.pointsTrain}
          size={Math.max(120, Math.min(box.width, box.height - 28))}
          testLegend={!draw.active}
          description={`Decision boundary of the network after ${step} steps on the ${dataName} data set; test accuracy ${fmt(data.testAccuracy * 100, 3)} percent.`}
          overlay={
            kink || drawing
              ? (x, y) => (
                  <>
                    {kink && <KinkPath segments={kink.segments} x={x} y={y} smooth={smooth} testId="decision-kink-line" />}
                    {drawOverlay(draw, x, y)}
                  </>
                )
              : undefined
          }
        />
      ),
      caption: draw.active && data.trainCount === 0 ? 'No drawn points yet: nothing to measure.' : `${draw.active ? 'Drawn set (test = the drawn points) · accuracy' : 'Test accuracy'} ${fmt(data.testAccuracy * 100, 3)}% · train loss ${fmt(data.trainLoss)} · test loss ${fmt(data.testLoss)}${
        kink ? ` · purple: where layer ${kink.unit.layer + 1}, unit ${kink.unit.unit + 1} ${smooth ? 'has z = 0' : 'kinks'}` : ''
      }`,
    },
    loss: {
      title: 'Loss',
      render: (box) => (
        <>
          <LineChart
            {...chartSize(box, 160)}
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
        </>
      ),
    },
    fan: {
      title: `How noisy is a minibatch gradient? (step ${fmtInt(data.noiseStep)})`,
      render: (box) =>
        !data.noise ? (
          <p className="hint">Measuring the minibatch gradients…</p>
        ) : (
        <GradientFan
          along={data.noise.fanAlong}
          across={data.noise.fanAcross}
          batch={data.batch}
          // Room under the square for its legend: up to four lines when the box is narrow (the last says how many arrows were cut).
          size={Math.max(140, Math.min(box.width, box.height - (box.width < 520 ? 110 : 84)))}
          description={`${data.noise.fanAlong.length} gradients of random minibatches of ${data.batch} points, against the full-batch gradient; mean cosine ${fmt(data.noise.meanCosine)}.`}
        />
        ),
      caption: `Batch size ${data.batch} of ${fmtInt(data.trainCount)} training points. ${batchAdvice(data)}`,
    },
    noiseScale: {
      title: 'Gradient noise scale',
      render: () => {
        const noise = data.noise;
        if (!noise) return <p className="hint">Measuring the minibatch gradients…</p>;
        return (
        <div className="noise-text">
          <p>
            With per-example gradients g<sub>i</sub> of the {fmtInt(data.trainCount)} training points, the full-batch
            gradient is G = mean g<sub>i</sub> and Σ is their covariance. A minibatch of B points drawn with replacement
            has expected squared norm |G|² + tr(Σ)/B, so batches much larger than B<sub>simple</sub> = tr(Σ)/|G|² buy
            little (McCandlish et al., 2018).
          </p>
          <dl className="readouts">
            <div><dt>B<sub>simple</sub> (exact, per-example)</dt><dd data-testid="b-simple">{fmt(noise.bSimple)}</dd></div>
            <div>
              <dt>B<sub>simple</sub> estimated from 256 batches of {data.batch} and of {4 * data.batch}</dt>
              <dd title="McCandlish et al.'s two-batch estimator; it fails when the estimate of |G|² comes out ≤ 0">
                {Number.isFinite(noise.twoBatchBSimple) ? fmt(noise.twoBatchBSimple) : 'too noisy (|G|² estimate ≤ 0)'}
              </dd>
            </div>
            <div><dt>|G|²</dt><dd>{fmt(noise.gradSq)}</dd></div>
            <div><dt>tr(Σ)</dt><dd>{fmt(noise.traceSigma)}</dd></div>
            <div><dt>mean cosine(minibatch, G)</dt><dd>{fmt(noise.meanCosine)}</dd></div>
          </dl>
          <p className="hint" data-testid="batch-advice">
            Batch size now: {data.batch}
            {Number(params.batch) > data.trainCount ? ` (the slider says ${String(params.batch)}, capped at the ${data.trainCount} training points)` : ''}.{' '}
            {batchAdvice(data)}
          </p>
        </div>
        );
      },
    },
    network: {
      title: 'Inside the network: what each unit sees',
      render: (box) => <NetworkWithSlowStep net={data.network} width={box.width - 8} focus={focus} />,
      caption:
        'Each square is one unit’s activation over the plane of the decision map, from the same batched pass. A ReLU unit is off (white) on one side of the line where its pre-activation is zero and grows on the other: that line is its kink, and the decision boundary is pieced together from these lines. The loss-surface section counts the same kinks, seen from weight space.',
    },
  };
}

/**
 * Panel for the smooth-backprop baseline: the decision boundary (or, in the section on noise, the fan
 * of minibatch gradients) beside the settings the section is about; loss curves and the noise scale
 * behind "More". Every caption is computed from the frame shown.
 */
export function BaselinePanel({ hidden }: PanelProps) {
  const params = useApp((s) => s.params);
  const snapshot = useFrame('baseline');
  const focus = useUnitFocus();
  const net = snapshot?.data.network ?? null;
  const unit = net ? shownUnit(focus, net) : null;
  const segments = useKinkSegments(net, unit);
  const kink = unit && segments ? { unit, segments } : null;
  const draw = useDrawState();
  // The Draw tools sit beside the decision map: with the key controls where it is the hero, in "More"
  // (where the map is then drawn) in a section whose hero is another figure (the noise fan).
  const sectionId = usePage((s) => s.sectionId);
  const sectionHero = SECTIONS.find((x) => x.id === sectionId && x.experiment === 'baseline')?.hero;
  const toolbar = <DrawToolbar controls={draw} refused={snapshot?.data.refused} />;
  const besideMap = !sectionHero || sectionHero === 'decision';
  return (
    <PanelShell
      id="baseline"
      title="Backprop where it works: a small rectifier network"
      claim={`A network with ${describeNetwork(params)} learns to separate two classes of points in the plane, each step following a minibatch's estimate of the gradient.`}
      hidden={hidden}
      figures={snapshot ? figuresOf(snapshot.data, snapshot.step, params, focus, kink, draw.state) : null}
      verdict={besideMap ? toolbar : draw.state.active ? <DrawRefusal reason={snapshot?.data.refused} /> : undefined}
      more={besideMap ? undefined : <div className="draw-in-more">{toolbar}</div>}
      readouts={<SlowStepLauncher />}
    />
  );
}
