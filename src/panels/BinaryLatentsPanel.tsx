import './BinaryLatentsPanel.css';
import { appStore, pushNotice, useApp } from '../store/store';
import { reset, rollback, setParam, setRunning } from '../store/actions';
import { ParamGroup } from '../controls/ParamGroup';
import { LineChart, type Series } from '../charts/LineChart';
import { PixelGrid, PixelScaleKey } from '../charts/PixelGrid';
import { LatentStrip } from '../charts/LatentStrip';
import { useWidth } from '../charts/useWidth';
import { palette } from '../charts/palette';
import { LATENT_METHOD_LABELS, LATENT_METHOD_SHORT, RACE_KEYS, binaryLatentsSchema, type LatentMethod } from '../core/experiments/binary-latents.schema';
import { fmt, fmtInt } from '../app/format';
import type { PanelProps } from './panel-props';
import { Tex as SharedTex } from './common/Tex';
import { applyPresetValues } from './common/presets';
import { PresetBar } from './common/PresetBar';
import { WorkerPlaceholder } from './common/WorkerPlaceholder';

/** What the binary-latents snapshot carries (src/core/experiments/binary-latents.ts, snapshot()). */
interface Curve {
  steps: Float32Array;
  negElbo: Float32Array;
  nll: Float32Array;
}
interface Racer extends Curve {
  method: LatentMethod;
  label: string;
  status: 'running' | 'refused' | 'diverged';
  reason: string | null;
  stepsTaken: number;
}
interface BinaryLatentsData {
  method: LatentMethod;
  latents: number;
  side: number;
  pixels: number;
  evalSamples: number;
  testImages: number;
  trainImages: number;
  evalEvery: number;
  dataEntropy: number;
  refused: string | null;
  mainStatus: 'running' | 'refused' | 'diverged';
  mainReason: string | null;
  curve: Curve;
  lossSteps: Float32Array;
  loss: Float32Array;
  events: { step: number; text: string }[];
  race: Racer[];
  images: Float32Array;
  recon: Float32Array;
  dreams: Float32Array;
  probe: number;
  qProbs: Float32Array;
  prior: Float32Array;
  probeRecon: Float32Array;
  unitImages: Float32Array;
}

const METHOD_COLORS: Record<LatentMethod, string> = {
  'wake-sleep': palette.vermillion,
  'score-moving-average': palette.blue,
  rloo: palette.sky,
  disarm: palette.green,
  arm: '#5a8f29',
  'straight-through': palette.grey,
  concrete: palette.purple,
  'st-gumbel': palette.orange,
  score: 'currentColor',
};

const SHOWN = 12;

const Tex = ({ tex, block = false }: { tex: string; block?: boolean }) => <SharedTex tex={tex} block={block} className="bl-tex" />;

type Values = Record<string, unknown>;
const RACE_OFF: Values = Object.fromEntries(Object.values(RACE_KEYS).map((k) => [k, false]));

interface Preset {
  label: string;
  help: string;
  values: Values;
}

const PRESETS: Preset[] = [
  {
    label: 'Wake-sleep vs REINFORCE',
    help: 'The Helmholtz machine’s learning rule against the score function with a baseline, same seed, same generative model.',
    values: { ...RACE_OFF, method: 'wake-sleep', raceWakeSleep: true, raceReinforce: true, raceScore: true, learningRate: 0.05, samples: 4, latents: 16, side: 4 },
  },
  {
    label: 'Gumbel-softmax, low temperature (τ = 0.05)',
    help: 'A cold relaxation: nearly unbiased, but its gradient is zero for most samples and large for a few.',
    values: { ...RACE_OFF, method: 'concrete', tau: 0.05, raceGumbel: true, raceStGumbel: true, raceWakeSleep: true, raceDisarm: true },
  },
  {
    label: 'Gumbel-softmax, warm (τ = 2)',
    help: 'A warm relaxation: quiet but aimed at a smoothed objective, so it stalls above the unbiased estimators.',
    values: { ...RACE_OFF, method: 'concrete', tau: 2, raceGumbel: true, raceDisarm: true, raceRloo: true },
  },
  {
    label: 'Unbiased estimators: REINFORCE, RLOO, DisARM',
    help: 'Three unbiased estimators that differ only in variance.',
    values: { ...RACE_OFF, method: 'disarm', samples: 4, raceScore: true, raceReinforce: true, raceRloo: true, raceDisarm: true },
  },
  {
    label: '64 latents on 6 × 6 images',
    help: 'A bigger model on bigger images: more latents than line patterns to explain.',
    values: { ...RACE_OFF, method: 'wake-sleep', latents: 64, side: 6, raceWakeSleep: true, raceRloo: true, raceGumbel: true },
  },
];

async function applyPreset(preset: Preset, current: Values): Promise<void> {
  const restarted = await applyPresetValues(binaryLatentsSchema, preset.values, current);
  if (restarted) pushNotice('info', `Preset “${preset.label}”: the model and the race were rebuilt from the seed and restarted at step 0.`);
  if (!appStore.getState().running) await setRunning(true);
}

const lastOf = (a: Float32Array) => (a.length > 0 ? a[a.length - 1]! : null);

/**
 * Panel for the binary-latents experiment: learning curves of the main run and the race, data vs
 * reconstructions vs model samples, and what the recognition model says the hidden layer should be.
 */
export function BinaryLatentsPanel({ hidden }: PanelProps) {
  const params = useApp((s) => s.params);
  const frame = useApp((s) => s.frame);
  const phase = useApp((s) => s.phase);
  const [wideRef, width] = useWidth<HTMLDivElement>(720);
  const data = frame?.snapshot.experimentId === 'binary-latents' ? (frame.snapshot.data as unknown as BinaryLatentsData) : null;
  const diverged = frame?.snapshot.diverged ?? null;
  const step = frame?.snapshot.step ?? 0;
  const twoCol = width >= 760;
  const chartW = twoCol ? Math.floor(width / 2) - 12 : width;
  const chartH = Math.round(Math.min(280, Math.max(200, chartW * 0.6)));

  return (
    <section className="panel" aria-labelledby="bl-title" data-testid="panel-binary-latents">
      <header className="panel-head">
        <h2 id="bl-title">Binary latents: wake-sleep and gradient estimators</h2>
        <p>
          A small generative model explains each image by a handful of on/off causes: first it flips H biased coins
          h, then it turns each pixel on with a probability set by which coins came up. To learn it, we need the
          reverse too: given an image, which coins probably produced it? A second network, the recognition model
          q(h|x), answers that guess. Training it is the hard part, because its output is a coin flip with no
          derivative. Gradient estimators treat this as credit assignment through discrete samples; the Helmholtz
          machine’s wake-sleep sidesteps it by letting the generative model dream examples whose causes are known.
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
      {data?.refused && (
        <div className="alert alert-error" role="alert" data-testid="bl-refused">
          <strong>This size is refused.</strong> {data.refused}
        </div>
      )}
      {data && !data.refused && data.mainStatus === 'refused' && (
        <div className="alert alert-error" role="alert" data-testid="bl-main-refused">
          <strong>The selected method cannot train with these settings.</strong> {data.mainReason}
        </div>
      )}
      <div className="panel-body">
        <aside className="controls" aria-label="Binary latents settings">
          <ParamGroup schema={binaryLatentsSchema} values={params} onChange={(k, v) => void setParam(k, v)} hidden={hidden} disabled={phase === 'booting'} />
        </aside>
        <div className="figures" ref={wideRef}>
          <PresetBar prefix="bl" presets={PRESETS} disabled={phase !== 'ready'} onApply={(p) => void applyPreset(p, params)} />
          {!data ? (
            <WorkerPlaceholder phase={phase} />
          ) : (
            <Figures data={data} step={step} chartW={chartW} chartH={chartH} width={width} />
          )}
        </div>
      </div>
    </section>
  );
}

function Figures({ data, step, chartW, chartH, width }: { data: BinaryLatentsData; step: number; chartW: number; chartH: number; width: number }) {
  const color = METHOD_COLORS[data.method];
  const floor = data.dataEntropy;
  const curve = data.curve;
  const evalSteps = curve.steps;
  const floorX = evalSteps.length > 1 ? Float32Array.of(evalSteps[0]!, evalSteps[evalSteps.length - 1]!) : Float32Array.of(0, Math.max(1, step));
  const floorSeries: Series = { name: `data entropy ${fmt(floor)} nats: no model goes below`, color: palette.grey, x: floorX, y: Float32Array.of(floor, floor), dashed: true };
  const mainSeries: Series[] = [
    { name: 'training loss (one sample per row, training batch)', color, x: data.lossSteps, y: data.loss, faint: true },
    { name: 'negative ELBO (test images)', color, x: curve.steps, y: curve.negElbo, dashed: true },
    { name: `−log p(x), importance-sampled, K = ${data.evalSamples}`, color, x: curve.steps, y: curve.nll },
    floorSeries,
  ];
  const raceSeries: Series[] = [
    ...data.race.map((r) => ({ name: `${LATENT_METHOD_SHORT[r.method]}${r.status === 'diverged' ? ' (stopped: NaN)' : r.status === 'refused' ? ' (refused)' : ''}`, color: METHOD_COLORS[r.method], x: r.steps, y: r.nll })),
    floorSeries,
  ];
  const nllNow = lastOf(curve.nll);
  const elboNow = lastOf(curve.negElbo);
  const best = data.race.filter((r) => r.nll.length > 0).sort((a, b) => lastOf(a.nll)! - lastOf(b.nll)!)[0];
  // Twelve images in a row, each at most 40 px.
  const cell = Math.max(14, Math.min(40, Math.floor((width - 11 * 4) / SHOWN)));
  const big = Math.min(160, Math.max(90, Math.floor(chartW / 3)));
  const probe = Math.min(data.probe, SHOWN - 1);
  const probeImage = data.images.slice(probe * data.pixels, (probe + 1) * data.pixels);
  const onUnits = Array.from(data.qProbs).filter((v) => v > 0.5).length;
  const sure = Array.from(data.qProbs).filter((v) => v < 0.1 || v > 0.9).length;
  const events = data.events.slice(-4);
  const unitColumns = data.latents <= 16 ? 8 : 16;
  const unitCell = Math.max(12, Math.min(32, Math.floor((chartW - (unitColumns - 1) * 4) / unitColumns)));
  return (
    <>
      <div className="figure-row">
        <div>
          <h3>This run: {LATENT_METHOD_LABELS[data.method]}</h3>
          <LineChart
            width={chartW}
            height={chartH}
            xLabel="training step"
            yLabel="nats per image"
            description={`After ${fmtInt(step)} steps, on ${data.testImages} test images: negative ELBO ${fmt(elboNow)} nats, importance-sampled −log p(x) ${fmt(nllNow)} nats with K = ${data.evalSamples}; the data entropy is ${fmt(floor)} nats.`}
            series={mainSeries}
          />
          <dl className="readouts">
            <div><dt>step</dt><dd data-testid="bl-step">{fmtInt(step)}</dd></div>
            <div><dt>negative ELBO (nats)</dt><dd data-testid="bl-elbo">{fmt(elboNow)}</dd></div>
            <div><dt>−log p(x), K = {data.evalSamples}</dt><dd data-testid="bl-nll">{fmt(nllNow)}</dd></div>
            <div><dt>gap: KL(q ‖ posterior) at least</dt><dd>{elboNow !== null && nllNow !== null ? fmt(elboNow - nllNow) : '—'}</dd></div>
          </dl>
          {events.length > 0 && (
            <p className="bl-caption">
              {events.map((e) => `Step ${fmtInt(e.step)}: ${e.text}.`).join(' ')}
            </p>
          )}
        </div>
        <div>
          <h3>Race: the same seed trained by each method</h3>
          {data.race.length === 0 ? (
            <p className="refused-figure">No method is racing: tick some “Race:” boxes in the settings.</p>
          ) : (
            <>
              <LineChart
                width={chartW}
                height={chartH}
                xLabel="training step"
                yLabel={`−log p(x), K = ${data.evalSamples} (nats)`}
                description={`Importance-sampled −log p(x) on test images for ${data.race.length} methods trained from one seed. ${data.race
                  .map((r) => `${r.label}: ${fmt(lastOf(r.nll))} nats after ${fmtInt(r.stepsTaken)} steps`)
                  .join('; ')}.`}
                series={raceSeries}
              />
              <p className="bl-caption" data-testid="bl-race-caption">
                {best && `Lowest now: ${best.label} at ${fmt(lastOf(best.nll))} nats. `}
                {data.race
                  .filter((r) => r.status !== 'running')
                  .map((r) => `${r.label}: ${r.reason}. `)
                  .join('')}
                Every copy starts from the same weights and sees the same minibatches; only the way q(h|x) learns differs.
              </p>
            </>
          )}
        </div>
      </div>

      <div className="figure-block">
        <h3>Test images, what the model makes of them, and what it dreams</h3>
        <PixelGrid
          images={data.images}
          count={SHOWN}
          side={data.side}
          cell={cell}
          label="Test images (click one to inspect it below)"
          description={`${SHOWN} bars-and-stripes test images of ${data.side} × ${data.side} pixels; image ${probe} is being inspected.`}
          selected={probe}
          onSelect={(i) => void setParam('probe', i)}
        />
        <PixelGrid
          images={data.recon}
          count={SHOWN}
          side={data.side}
          cell={cell}
          label="Reconstructions: h drawn from q(h|x), then p(x|h)"
          description={`Reconstructions of the same ${SHOWN} test images at step ${step}: pixel greys are p(pixel on | h) for one sample h from the recognition model.`}
        />
        <PixelGrid
          images={data.dreams}
          count={SHOWN}
          side={data.side}
          cell={cell}
          label="Model samples (dreams): h drawn from the prior p(h), then p(x|h)"
          description={`${SHOWN} samples from the generative model at step ${step}, drawn as pixel probabilities.`}
        />
        <PixelScaleKey />
      </div>

      <div className="figure-row">
        <div>
          <h3>What the inverse model says the hidden layer should be (image {probe})</h3>
          <div className="bl-inverse">
            <div>
              <PixelGrid images={probeImage} count={1} side={data.side} cell={big} label="the image x" description={`Test image ${probe}.`} />
            </div>
            <div>
              <PixelGrid
                images={data.probeRecon}
                count={1}
                side={data.side}
                cell={big}
                label="decoded from q’s probabilities"
                description={`The decoder's output p(x | h) with h set to q(h|x)'s probabilities for test image ${probe}.`}
              />
            </div>
          </div>
          <LatentStrip
            posterior={data.qProbs}
            prior={data.prior}
            width={chartW}
            height={Math.round(chartH * 0.8)}
            color={color}
            priorColor={palette.grey}
            description={`For test image ${probe}, the recognition model puts ${onUnits} of ${data.latents} units above one half, and is sure (below 0.1 or above 0.9) about ${sure} of them.`}
          />
          <PixelGrid
            images={data.unitImages}
            count={data.latents}
            side={data.side}
            cell={unitCell}
            columns={unitColumns}
            marked={Array.from(data.qProbs, (v) => v > 0.5)}
            label={`What each unit draws alone, p(x | only unit j on), units 1 … ${data.latents} row by row; ringed: q says “on” for image ${probe}`}
            description={`${data.latents} pictures, one per latent unit: the decoder's pixel probabilities when only that unit is on. ${onUnits} are ringed: the units the recognition model switches on for test image ${probe}.`}
          />
          <p className="bl-caption">
            Bars: q(hⱼ = 1 | x), the recognition model’s answer to “which causes produced this image?”. Ticks: how often each
            unit is on a priori. Right now {onUnits} of {data.latents} units are more likely on than off, and q is sure about {sure}{' '}
            of them. The right-hand picture feeds those probabilities straight into the decoder.
          </p>
        </div>
        <div className="explain">
          <h3>The two networks and the bound</h3>
          <p>
            The generative model and the recognition model are each one layer of logistic units:
          </p>
          <Tex block tex={String.raw`p(h_j{=}1)=\sigma(a_j)`} />
          <Tex block tex={String.raw`p(x_i{=}1\mid h)=\sigma\big((hW+c)_i\big)`} />
          <Tex block tex={String.raw`q(h_j{=}1\mid x)=\sigma\big((xU+d)_j\big)`} />
          <p>
            For any q, the negative ELBO bounds the code length of an image from above, and averaging K importance weights
            tightens the bound toward −log p(x) itself:
          </p>
          <Tex block tex={String.raw`f(h)=-\log p(x,h)+\log q(h\mid x)`} />
          <Tex block tex={String.raw`-\log p(x)\le -\log\tfrac1K\textstyle\sum_{k} e^{-f(h_k)}\le \mathbb E_q[f(h)]`} />
          <p>
            The gap between the dashed and the solid curve is how far q is from the true posterior. The grey line is the
            entropy of the data, the code length of a model that knew the generator exactly.
          </p>
          <h3>Two ways to teach q</h3>
          <p>
            <strong>Estimators.</strong> The decoder’s gradient is easy: evaluate at a sample h. q’s gradient
            asks how E<sub>q</sub>[f] changes when the coin probabilities move, and a sample h has no slope. Each estimator in
            the list builds one from samples (REINFORCE: f(h)·(h − σ(φ)); RLOO and DisARM: the same with a better reference
            point; Gumbel-softmax: differentiate through a softened coin at temperature τ, which is biased). With S samples per
            image, RLOO uses the other S − 1 as the baseline.
          </p>
          <p>
            <strong>Wake-sleep.</strong> Awake, the decoder learns to reproduce real images from q’s guesses. Asleep, the
            generative model dreams an h and an image from it, and q learns to recover that h: ordinary supervised
            learning, because in a dream the true cause is known. No gradient passes through a coin; the price is that q
            minimises the reverse KL divergence on dreams rather than the ELBO on data, so it can settle on a worse bound.
          </p>
          <Tex block tex={String.raw`h'\sim p(h),\quad x'\sim p(x\mid h')`} />
          <Tex block tex={String.raw`\Delta U \propto x'^{\top}\big(h'-\sigma(x'U+d)\big)`} />
        </div>
      </div>
    </>
  );
}
