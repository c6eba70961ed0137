import './LossSurfacePanel.css';
import { useState } from 'react';
import { pushNotice, useApp } from '../store/store';
import { setParam } from '../store/actions';
import { ParamGroup } from '../controls/ParamGroup';
import { SliceChart } from '../charts/SliceChart';
import { SurfaceMap } from '../charts/SurfaceMap';
import { SurfaceMesh } from '../charts/SurfaceMesh';
import { useWidth } from '../charts/useWidth';
import { palette } from '../charts/palette';
import { lossSurfaceSchema, type LossSurfaceFrameData } from '../core/experiments/loss-surface.schema';
import { fmt, fmtInt } from '../app/format';
import type { PanelProps } from './panel-props';
import { applyPresetValues } from './common/presets';
import { PresetBar } from './common/PresetBar';
import { RunStopped } from './common/RunStopped';
import { WorkerPlaceholder } from './common/WorkerPlaceholder';

type Values = Record<string, number | string | boolean | number[]>;

interface Preset {
  label: string;
  help: string;
  values: Values;
  /** The view to bring into sight. */
  target: string;
}

/** One preset per explanation of the smoothness (seed §8), plus the two classic pictures. */
const PRESETS: Preset[] = [
  { label: 'One example: the kinks show', help: 'The lens averages a single example along a direction aimed at a kink, zoomed in.', values: { activation: 'relu', examples: 1, lens: 'kink', span: 0.02 }, target: 'ls-lens' },
  { label: 'All examples: they blur', help: 'The same zoom, averaged over the whole training set: hundreds of small corners.', values: { activation: 'relu', examples: 2048, lens: 'kink', span: 0.02 }, target: 'ls-lens' },
  { label: 'A random direction misses them', help: 'One example again, but along a random direction: the corners may lie off the slice.', values: { activation: 'relu', examples: 1, lens: 'random', span: 0.02 }, target: 'ls-lens' },
  { label: 'Smooth units (tanh)', help: 'Swap the rectifiers for tanh: no kinks at all, for comparison.', values: { activation: 'tanh', examples: 1, lens: 'kink', span: 0.02 }, target: 'ls-lens' },
  { label: 'Straight path from init', help: 'The plane through the initial and current weights (Goodfellow et al. 2015).', values: { view: 'interpolation', span: 1.2 }, target: 'ls-plane' },
  { label: 'Optimisation path (PCA)', help: 'The plane of the path’s top two principal directions, with the path drawn (Li et al. 2018).', values: { view: 'pca', span: 1.2 }, target: 'ls-plane' },
  { label: 'Near-linear in the input', help: 'One gradient-sign step on a data point, as in the fast gradient sign method.', values: { epsilon: 0.3 }, target: 'ls-input' },
];

async function applyPreset(preset: Preset, current: Values): Promise<void> {
  const rebuilt = await applyPresetValues(lossSurfaceSchema, preset.values, current);
  if (rebuilt) pushNotice('info', `Preset “${preset.label}”: the network was rebuilt, so training restarted from step 0.`);
  const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  document.getElementById(preset.target)?.scrollIntoView({ behavior: still ? 'auto' : 'smooth', block: 'start' });
}

const METHOD_WORDS: Record<string, string> = {
  exact: 'exact: along the line the first layer’s pre-activations are linear in t, and while the earlier layers’ on/off pattern holds, layer l’s are polynomials of degree l, so the counter walks t from one sign change to the next, each found as a root',
  grid: 'counted as sign changes of every hidden pre-activation on a POINTS-point grid along the line, not exactly: past the first layer the pre-activations bend, so two crossings inside one grid cell count as none and the total is a lower bound',
  none: 'tanh and linear units have no kinks, so there is nothing to count',
};

/**
 * Panel for the loss-surface experiment: the init → now line, a random slice, a plane (heatmap with
 * contours), the kink lens and the input-space slice, each with a short explanation beside it.
 */
export function LossSurfacePanel({ hidden }: PanelProps) {
  const params = useApp((s) => s.params);
  const frame = useApp((s) => s.frame);
  const phase = useApp((s) => s.phase);
  const [wideRef, width] = useWidth<HTMLDivElement>(720);
  const data = frame?.snapshot.experimentId === 'loss-surface' ? (frame.snapshot.data as unknown as LossSurfaceFrameData) : null;
  const diverged = frame?.snapshot.diverged ?? null;
  const twoCol = width >= 760;
  const chartW = twoCol ? Math.floor(width * 0.6) - 24 : width;
  const chartH = Math.round(Math.min(280, Math.max(200, chartW * 0.55)));
  const mapSize = Math.min(chartW, 480);
  const span = Number(params.span);
  const relu = params.activation === 'relu';

  return (
    <section className="panel" aria-labelledby="ls-title" data-testid="panel-loss-surface">
      <header className="panel-head">
        <h2 id="ls-title">Why does a rectifier net’s loss look smooth?</h2>
        <p>
          Every ReLU unit folds the loss along a hyperplane in weight space, so a net with dozens of units has a loss
          made of many flat-sided pieces. Yet pictures of it look like rolling hills. Below, the same small net as the
          baseline trains live while five views probe its loss at the current weights. Each preset sets up one of the
          proposed explanations; change the settings on the left to test it yourself.
        </p>
      </header>
      {diverged && <RunStopped diverged={diverged} />}
      <PresetBar prefix="ls" presets={PRESETS} disabled={phase !== 'ready'} onApply={(p) => void applyPreset(p, params)} />
      <div className="panel-body">
        <aside className="controls" aria-label="Loss-surface settings">
          <ParamGroup schema={lossSurfaceSchema} values={params} onChange={(k, v) => void setParam(k, v)} hidden={hidden} disabled={phase === 'booting'} />
        </aside>
        <div className="figures" ref={wideRef}>
          {!data ? (
            <WorkerPlaceholder phase={phase} />
          ) : (
            <>
              <dl className="readouts" aria-live="off">
                <div><dt>train loss</dt><dd data-testid="train-loss">{fmt(data.trainLoss)}</dd></div>
                <div><dt>test loss</dt><dd>{fmt(data.testLoss)}</dd></div>
                <div><dt>views computed at step</dt><dd data-testid="surface-step" data-value={data.surfaceStep ?? ''} data-ms={data.surfaceMs}>{data.surfaceStep === null ? '—' : fmtInt(data.surfaceStep)}</dd></div>
                <div><dt>one refresh of all views</dt><dd>{fmtInt(data.surfaceMs)} ms</dd></div>
                <div><dt>parameters</dt><dd>{fmtInt(data.parameterCount)}</dd></div>
              </dl>
              {data.problem ? (
                <div className="alert alert-error" role="alert" data-testid="surface-problem">{data.problem}</div>
              ) : (
                <Views data={data} chartW={chartW} chartH={chartH} mapSize={mapSize} span={span} relu={relu} logColor={params.logColor === true} resolution={Number(params.resolution)} />
              )}
            </>
          )}
        </div>
      </div>
    </section>
  );
}

interface ViewsProps {
  data: LossSurfaceFrameData;
  chartW: number;
  chartH: number;
  mapSize: number;
  span: number;
  relu: boolean;
  logColor: boolean;
  /** The chosen grid resolution (the plane may be drawn coarser while training). */
  resolution: number;
}

function Views({ data, chartW, chartH, mapSize, span, relu, logColor, resolution }: ViewsProps) {
  const [mode, setMode] = useState<'map' | 'mesh'>('map');
  const interp = data.interpolation!;
  const slice = data.randomSlice!;
  const plane = data.plane!;
  const lens = data.lens!;
  const input = data.input!;
  const per = Array.from(lens.kinks.perExample);
  const perMax = per.length ? Math.max(...per) : 0;
  const perMean = per.length ? per.reduce((a, b) => a + b, 0) / per.length : 0;
  const withKinks = per.filter((v) => v > 0).length;
  const fgsmRise = input.fgsmLoss - input.cleanLoss;
  const linearRise = input.linear[input.linear.length - 1]! - input.cleanLoss;

  return (
    <>
      <div className="figure-row ls-row" id="ls-interp">
        <div>
          <h3>1 · The straight line from the initial weights to now</h3>
          <SliceChart
            width={chartW}
            height={chartH}
            xLabel="α  (0 = initial weights, 1 = now)"
            xName="α"
            yLabel="cross-entropy"
            logY
            markers={[{ x: 0, label: 'init', color: palette.grey }, { x: 1, label: 'now', color: palette.vermillion }]}
            description={`Loss along the line from the initial to the current weights, α from −0.5 to 1.5: ${fmt(interp.initLoss)} at the start, ${fmt(data.trainLoss)} now.`}
            series={[
              { name: 'train', color: palette.blue, x: interp.alpha, y: interp.train },
              { name: 'test', color: palette.vermillion, x: interp.alpha, y: interp.test, dashed: true },
            ]}
          />
        </div>
        <div className="ls-text">
          <p>
            Goodfellow, Vinyals and Saxe (2015) walked the straight segment between a net’s starting weights and its
            trained ones. For many nets the loss simply falls along it, with no hill to climb — though the optimiser
            took a curved route. Watch whether that holds here as training goes on, and whether the test curve follows
            the training curve past α = 1.
          </p>
        </div>
      </div>

      <div className="figure-row ls-row" id="ls-slice">
        <div>
          <h3>2 · A random slice through the current weights</h3>
          <SliceChart
            width={chartW}
            height={chartH}
            xLabel={`t along a random filter-normalised direction (span ±${fmt(span)})`}
            yLabel="cross-entropy"
            markers={[{ x: 0, label: 'now', color: palette.vermillion }]}
            description={`Loss along a random filter-normalised direction through the current weights, t from −${span} to ${span}.`}
            series={[
              { name: 'train', color: palette.blue, x: slice.t, y: slice.train },
              { name: 'test', color: palette.vermillion, x: slice.t, y: slice.test, dashed: true },
            ]}
          />
        </div>
        <div className="ls-text">
          <p>
            A direction drawn at random and rescaled neuron by neuron to the size of that neuron’s weights (Li et al.
            2018), so a step of 1 changes every unit by about its own magnitude. Shrink the span towards 10⁻⁴: the
            averaged curve stays smooth long after you would expect corners.
          </p>
        </div>
      </div>

      <div className="figure-row ls-row" id="ls-plane">
        <div>
          <h3>3 · A plane through the current weights</h3>
          {plane.problem ? (
            <div className="alert alert-info ls-plane-problem" role="status" data-testid="plane-problem">{plane.problem}</div>
          ) : (
            <>
            <div className="ls-plane-mode" role="group" aria-label="How to draw the plane">
              <button type="button" aria-pressed={mode === 'map'} onClick={() => setMode('map')}>Heatmap</button>
              <button type="button" aria-pressed={mode === 'mesh'} onClick={() => setMode('mesh')} data-testid="plane-mesh">3-D mesh</button>
            </div>
            {mode === 'mesh' ? (
              <SurfaceMesh
                values={plane.values}
                resolution={plane.resolution}
                span={plane.span}
                logColor={logColor}
                axisA={plane.axisA}
                axisB={plane.axisB}
                size={mapSize}
                description={`Training loss over a ${plane.resolution} by ${plane.resolution} grid of the plane (${plane.view}), span ${plane.span}.`}
              />
            ) : (
            <SurfaceMap
              values={plane.values}
              resolution={plane.resolution}
              span={plane.span}
              logColor={logColor}
              pathA={plane.pathA}
              pathB={plane.pathB}
              marks={plane.marks}
              axisA={plane.axisA}
              axisB={plane.axisB}
              size={mapSize}
              description={`Training loss over a ${plane.resolution} by ${plane.resolution} grid of the plane (${plane.view}), span ${plane.span}.`}
            />
            )}
            {data.surfaceLive && (
              <p className="hint" data-testid="plane-live-resolution">
                While training, the views are sampled more coarsely (this plane at {plane.resolution} × {plane.resolution}, the
                lines at half their density) so they can refresh several times a second; pause to see them in full
                {plane.resolution !== resolution ? ` (${resolution} × ${resolution})` : ''}.
              </p>
            )}
            </>
          )}
        </div>
        <div className="ls-text">
          <p>{plane.note}</p>
          <p>
            The grid is evaluated in batches, never one forward pass per point: the weights along each grid row are
            linear in α, so every layer of all the row’s networks becomes one shared matrix product. Contours are in {logColor ? 'log(loss)' : 'loss'}. A plane is two directions out of
            {' '}{fmtInt(data.parameterCount)}: a kink whose fold runs across the other {fmtInt(data.parameterCount - 2)} directions
            can be invisible here.
          </p>
        </div>
      </div>

      <div className="figure-row ls-row" id="ls-lens">
        <div>
          <h3>4 · The lens: counting kinks</h3>
          <SliceChart
            width={chartW}
            height={chartH}
            xLabel={`t along the ${lens.direction === 'kink' ? 'kink-crossing' : 'random'} direction (span ±${fmt(span)})`}
            yLabel="cross-entropy"
            rug={lens.kinks.positions}
            rugColor={palette.purple}
            markers={lens.kinkAt !== null ? [{ x: lens.kinkAt, label: 'aimed kink', color: palette.purple }] : []}
            description={`Loss averaged over ${lens.examples} examples along the lens direction; ${lens.kinks.total} ReLU pattern changes along it.`}
            series={[
              ...(lens.examples > 1 ? [{ name: 'one example', color: palette.grey, x: lens.t, y: lens.single, faint: true }] : []),
              { name: `mean of ${fmtInt(lens.examples)} example${lens.examples === 1 ? '' : 's'}`, color: palette.blue, x: lens.t, y: lens.loss },
            ]}
          />
          <dl className="readouts">
            <div><dt>kinks along the line (total)</dt><dd data-testid="kink-total">{fmtInt(lens.kinks.total)}</dd></div>
            <div><dt>per example: mean / max</dt><dd>{fmt(perMean)} / {fmtInt(perMax)}</dd></div>
            <div><dt>examples with a kink</dt><dd>{fmtInt(withKinks)} of {fmtInt(lens.examples)}</dd></div>
          </dl>
          <p className="hint" data-testid="kink-method">Count: {(METHOD_WORDS[lens.kinks.method] ?? lens.kinks.method).replace('POINTS', fmtInt(lens.kinks.gridPoints))}.</p>
        </div>
        <div className="ls-text">
          <p>
            <strong>Averaging.</strong> One example’s loss has a corner wherever one of its units switches on or off. The
            mean over many examples has all their corners, but each is tiny and they fall in different places, so the
            sum looks smooth. Move <em>Examples averaged</em> from 1 to all.
          </p>
          <p>
            <strong>Projection.</strong> “Built to cross a kink” moves one first-layer unit’s weights straight across the
            fold of one example; a random direction need not cross any fold in a short span.
          </p>
          <p>
            <strong>The units.</strong> {relu ? 'Switch Activation to tanh: the corners vanish, and so does the count.' : 'With these units there are no folds; switch back to ReLU to see them.'}
          </p>
        </div>
      </div>

      <div className="figure-row ls-row" id="ls-input">
        <div>
          <h3>5 · Near-linearity in input space</h3>
          <SliceChart
            width={chartW}
            height={chartH}
            xLabel="t: input moved by t · sign(∇ₓ loss)"
            yLabel="loss of this point"
            logY
            markers={[{ x: 0, label: 'x', color: palette.grey }, { x: input.epsilon, label: 'FGSM', color: palette.vermillion }]}
            description={`Loss of training point ${input.index} moved along the sign of its input gradient; one step of ${input.epsilon} raises it from ${fmt(input.cleanLoss)} to ${fmt(input.fgsmLoss)}.`}
            series={[
              { name: 'loss', color: palette.blue, x: input.t, y: input.loss },
              { name: 'first-order prediction', color: palette.grey, x: input.t, y: input.linear, dashed: true },
            ]}
          />
          <dl className="readouts">
            <div><dt>point #{input.index}, class {input.label}, loss rank {input.rank}</dt><dd>({fmt(input.x0)}, {fmt(input.x1)})</dd></div>
            <div><dt>loss at x</dt><dd>{fmt(input.cleanLoss)}</dd></div>
            <div><dt>loss after one FGSM step</dt><dd data-testid="fgsm-loss">{fmt(input.fgsmLoss)}</dd></div>
          </dl>
        </div>
        <div className="ls-text">
          <p>
            Goodfellow, Shlens and Szegedy (2015) argued that nets are close to linear in their inputs, which is why one
            step along the sign of the input gradient (FGSM) already raises the loss a lot. Compare the curve with the
            dashed first-order line: one step of ε = {fmt(input.epsilon)} raises the loss by {fmt(fgsmRise)}, the line
            predicts {fmt(linearRise / 2)}. If the net is nearly linear along its inputs, perhaps it is nearly linear along its
            weights too — one more reason the projections look smooth.
          </p>
        </div>
      </div>
    </>
  );
}
