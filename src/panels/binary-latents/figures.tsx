/**
 * The binary-latents figures, each drawn to the box the shell gives it: the race (the hero), this run's
 * curves and readouts, the test images with reconstructions and dreams, the inverse-model view of one
 * image, and the bound's formulas.
 */
import { fmt, fmtInt } from '../../app/format';
import { LineChart, type Series } from '../../charts/LineChart';
import { PixelGrid, PixelScaleKey } from '../../charts/PixelGrid';
import { LatentStrip } from '../../charts/LatentStrip';
import { palette } from '../../charts/palette';
import { LATENT_METHOD_LABELS, LATENT_METHOD_SHORT, type BinaryLatentsFrame } from '../../core/experiments/binary-latents.schema';
import { setParam } from '../../store/actions';
import type { Box, FigureMap } from '../common/PanelShell';
import { Bound } from './Bound';
import { METHOD_COLORS, SHOWN, lastOf } from './look';
import { chartSize } from '../common/useBox';

/** The data entropy as a dashed line across the evaluated steps: no model goes below it. */
function floorSeries(data: BinaryLatentsFrame, step: number): Series {
  const s = data.curve.steps;
  const x = s.length > 1 ? Float32Array.of(s[0]!, s[s.length - 1]!) : Float32Array.of(0, Math.max(1, step));
  return { name: `data entropy ${fmt(data.dataEntropy)} nats: no model goes below`, color: palette.grey, x, y: Float32Array.of(data.dataEntropy, data.dataEntropy), dashed: true };
}

function Race({ data, step, box }: { data: BinaryLatentsFrame; step: number; box: Box }) {
  if (data.race.length === 0) return <p className="refused-figure">No method is racing: tick some “Race:” boxes in the settings (under “More”).</p>;
  const series: Series[] = [
    ...data.race.map((r) => ({
      name: `${LATENT_METHOD_SHORT[r.method]}${r.status === 'diverged' ? ' (stopped: NaN)' : r.status === 'refused' ? ' (refused)' : ''}`,
      color: METHOD_COLORS[r.method],
      x: r.steps,
      y: r.nll,
    })),
    floorSeries(data, step),
  ];
  return (
    <LineChart
      width={box.width}
      // Room under the chart for its legend (one or two lines of method names).
      height={Math.max(160, box.height - (box.width < 520 ? 64 : 40))}
      xLabel="training step"
      yLabel={`−log p(x), K = ${data.evalSamples} (nats)`}
      description={`Importance-sampled −log p(x) on test images for ${data.race.length} methods trained from one seed. ${data.race
        .map((r) => `${r.label}: ${fmt(lastOf(r.nll))} nats after ${fmtInt(r.stepsTaken)} steps`)
        .join('; ')}.`}
      series={series}
    />
  );
}

function Run({ data, step, box }: { data: BinaryLatentsFrame; step: number; box: Box }) {
  const color = METHOD_COLORS[data.method];
  const curve = data.curve;
  const nllNow = lastOf(curve.nll);
  const elboNow = lastOf(curve.negElbo);
  return (
    <>
      <LineChart
        {...chartSize(box, 160)}
        xLabel="training step"
        yLabel="nats per image"
        description={`After ${fmtInt(step)} steps, on ${data.testImages} test images: negative ELBO ${fmt(elboNow)} nats, importance-sampled −log p(x) ${fmt(nllNow)} nats with K = ${data.evalSamples}; the data entropy is ${fmt(data.dataEntropy)} nats.`}
        series={[
          { name: 'training loss (one sample per row, training batch)', color, x: data.lossSteps, y: data.loss, faint: true },
          { name: 'negative ELBO (test images)', color, x: curve.steps, y: curve.negElbo, dashed: true },
          { name: `−log p(x), importance-sampled, K = ${data.evalSamples}`, color, x: curve.steps, y: curve.nll },
          floorSeries(data, step),
        ]}
      />
      <dl className="readouts">
        <div><dt>step</dt><dd data-testid="bl-step">{fmtInt(step)}</dd></div>
        <div><dt>negative ELBO (nats)</dt><dd data-testid="bl-elbo">{fmt(elboNow)}</dd></div>
        <div><dt>−log p(x), K = {data.evalSamples}</dt><dd data-testid="bl-nll">{fmt(nllNow)}</dd></div>
        <div><dt>gap: KL(q ‖ posterior) at least</dt><dd>{elboNow !== null && nllNow !== null ? fmt(elboNow - nllNow) : '—'}</dd></div>
      </dl>
    </>
  );
}

function Images({ data, step, box }: { data: BinaryLatentsFrame; step: number; box: Box }) {
  // Twelve images in a row, each at most 40 px.
  const cell = Math.max(14, Math.min(40, Math.floor((box.width - 11 * 4) / SHOWN)));
  const probe = Math.min(data.probe, SHOWN - 1);
  // The three rows show the same twelve images (or samples) at the same size.
  const row = { count: SHOWN, side: data.side, cell };
  return (
    <div className="bl-images">
      <PixelGrid
        {...row}
        images={data.images}
        label="Test images (click one to inspect it)"
        description={`${SHOWN} bars-and-stripes test images of ${data.side} × ${data.side} pixels; image ${probe} is being inspected.`}
        selected={probe}
        onSelect={(i) => void setParam('probe', i)}
      />
      <PixelGrid
        {...row}
        images={data.recon}
        label="Reconstructions: h drawn from q(h|x), then p(x|h)"
        description={`Reconstructions of the same ${SHOWN} test images at step ${step}: pixel greys are p(pixel on | h) for one sample h from the recognition model.`}
      />
      <PixelGrid
        {...row}
        images={data.dreams}
        label="Model samples (dreams): h drawn from the prior p(h), then p(x|h)"
        description={`${SHOWN} samples from the generative model at step ${step}, drawn as pixel probabilities.`}
      />
      <PixelScaleKey />
    </div>
  );
}

function Inverse({ data, box }: { data: BinaryLatentsFrame; box: Box }) {
  const probe = Math.min(data.probe, SHOWN - 1);
  const probeImage = data.images.slice(probe * data.pixels, (probe + 1) * data.pixels);
  const q = Array.from(data.qProbs);
  const onUnits = q.filter((v) => v > 0.5).length;
  const sure = q.filter((v) => v < 0.1 || v > 0.9).length;
  const big = Math.min(120, Math.max(64, Math.floor(box.width / 4)));
  const unitColumns = data.latents <= 16 ? 8 : 16;
  const unitCell = Math.max(12, Math.min(32, Math.floor((box.width - (unitColumns - 1) * 4) / unitColumns)));
  return (
    <>
      <div className="bl-inverse">
        <PixelGrid images={probeImage} count={1} side={data.side} cell={big} label="the image x" description={`Test image ${probe}.`} />
        <PixelGrid
          images={data.probeRecon}
          count={1}
          side={data.side}
          cell={big}
          label="decoded from q’s probabilities"
          description={`The decoder's output p(x | h) with h set to q(h|x)'s probabilities for test image ${probe}.`}
        />
      </div>
      <LatentStrip
        posterior={data.qProbs}
        prior={data.prior}
        width={box.width}
        height={Math.round(Math.min(220, box.height * 0.7))}
        color={METHOD_COLORS[data.method]}
        priorColor={palette.grey}
        description={`For test image ${probe}, the recognition model puts ${onUnits} of ${data.latents} units above one half, and is sure (below 0.1 or above 0.9) about ${sure} of them.`}
      />
      <PixelGrid
        images={data.unitImages}
        count={data.latents}
        side={data.side}
        cell={unitCell}
        columns={unitColumns}
        marked={q.map((v) => v > 0.5)}
        label={`What each unit draws alone, p(x | only unit j on), units 1 … ${data.latents} row by row; ringed: q says “on” for image ${probe}`}
        description={`${data.latents} pictures, one per latent unit: the decoder's pixel probabilities when only that unit is on. ${onUnits} are ringed: the units the recognition model switches on for test image ${probe}.`}
      />
      <p className="bl-caption">
        Bars: q(hⱼ = 1 | x), the recognition model’s answer to “which causes produced this image?”. Ticks: how often each unit
        is on a priori. Right now {onUnits} of {data.latents} units are more likely on than off, and q is sure about {sure} of
        them. The right-hand picture feeds those probabilities straight into the decoder.
      </p>
    </>
  );
}

export function figuresOf(data: BinaryLatentsFrame, step: number): FigureMap<'binary-latents'> {
  const best = data.race.filter((r) => r.nll.length > 0).sort((a, b) => lastOf(a.nll)! - lastOf(b.nll)!)[0];
  const stopped = data.race.filter((r) => r.status !== 'running');
  return {
    race: {
      title: 'Race: the same seed trained by each method',
      render: (box) => <Race data={data} step={step} box={box} />,
      caption: (
        <span data-testid="bl-race-caption">
          {best && `Lowest now: ${best.label} at ${fmt(lastOf(best.nll))} nats. `}
          {stopped.map((r) => `${r.label}: ${r.reason}. `).join('')}
          Every copy starts from the same weights and sees the same minibatches; only the way q(h|x) learns differs.
        </span>
      ),
    },
    run: {
      title: `This run: ${LATENT_METHOD_LABELS[data.method]}`,
      render: (box) => <Run data={data} step={step} box={box} />,
    },
    inverse: {
      title: `What the inverse model says the hidden layer should be (image ${Math.min(data.probe, SHOWN - 1)})`,
      render: (box) => <Inverse data={data} box={box} />,
    },
    images: {
      title: 'Test images, what the model makes of them, and what it dreams',
      render: (box) => <Images data={data} step={step} box={box} />,
    },
    bound: {
      title: 'The two networks and the bound',
      render: () => <Bound />,
    },
  };
}
