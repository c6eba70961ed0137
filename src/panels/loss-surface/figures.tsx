/**
 * The loss-surface panel's five figures, drawn from one frame: the kink lens (the hero), the init → now
 * line, a random slice, a plane, and the input-space slice. Each caption says what to look at and
 * where the picture comes from; every number in it is the frame's.
 */
import { SliceChart } from '../../charts/SliceChart';
import { palette } from '../../charts/palette';
import type { LossSurfaceFrameData } from '../../core/experiments/loss-surface.schema';
import { fmt, fmtInt } from '../../app/format';
import type { FigureMap, FigureSpec } from '../common/PanelShell';
import { LensFigure } from './LensFigure';
import { PlaneFigure } from './PlaneFigure';
import { lossChangeVerb, lossChangeWords } from './wording';

export interface ViewSettings {
  span: number;
  relu: boolean;
  logColor: boolean;
  /** The chosen grid resolution (the plane may be drawn coarser while training). */
  resolution: number;
}

/** A 1-D chart's height in a box: room for its readout and legend, not taller than it is useful. */
const chartHeight = (box: { width: number; height: number }) => Math.max(170, Math.min(box.height - 58, Math.round(box.width * 0.62)));
/**
 * A card's drawing width: a few pixels inside the box, which the shell measures on the disclosure
 * (it can be a scrollbar's width wider than the card the figure lands in).
 */
const cardWidth = (box: { width: number }) => Math.max(200, box.width - 8);
/** A card's chart size, as every line chart of this panel takes it. */
const cardSize = (box: { width: number; height: number }) => ({ width: cardWidth(box), height: chartHeight(box) });
/** The train and test curves along a line, in the colours of every figure of this panel. */
const trainTest = (x: ArrayLike<number>, curves: { train: ArrayLike<number>; test: ArrayLike<number> }) => [
  { name: 'train', color: palette.blue, x, y: curves.train },
  { name: 'test', color: palette.vermillion, x, y: curves.test, dashed: true },
];

/** The views of the loss itself; the network figure is the panel's (it shares the unit the reader points at). */
export type SurfaceFigures = Omit<FigureMap<'loss-surface'>, 'network'>;

/** Every figure says why there is nothing to draw when the net diverged; the hero carries the test id. */
function problemFigures(problem: string): SurfaceFigures {
  const says = (title: string, testId?: string): FigureSpec => ({
    title,
    render: () => (
      <div className="alert alert-error" role="alert" data-testid={testId}>
        {problem}
      </div>
    ),
  });
  return {
    lens: says('The lens: counting kinks', 'surface-problem'),
    line: says('The straight line from the initial weights to now'),
    slice: says('A random slice through the current weights'),
    plane: says('A plane through the current weights'),
    input: says('Near-linearity in input space'),
  };
}

export function surfaceFigures(data: LossSurfaceFrameData, v: ViewSettings): SurfaceFigures {
  if (data.problem || !data.interpolation || !data.randomSlice || !data.plane || !data.lens || !data.input) {
    return problemFigures(data.problem ?? 'The views have not been computed yet.');
  }
  const { interpolation: interp, randomSlice: slice, plane, lens, input } = data;
  const fgsmRise = input.fgsmLoss - input.cleanLoss;
  const linearRise = input.linear[input.linear.length - 1]! - input.cleanLoss;
  return {
    lens: {
      title: lens.examples === 1 ? 'The loss of one example along a line' : `One example’s loss, and the mean of ${fmtInt(lens.examples)}`,
      render: (box) => <LensFigure lens={lens} span={v.span} box={box} />,
      caption: v.relu
        ? 'Purple ticks: a unit switches on or off there, and that example’s loss turns a corner.'
        : 'These units have no switch, so no example’s loss has a corner: switch Activation back to ReLU to see them.',
    },
    line: {
      title: 'The straight line from the initial weights to now',
      render: (box) => (
        <SliceChart
          {...cardSize(box)}
          xLabel="α  (0 = initial weights, 1 = now)"
          xName="α"
          yLabel="cross-entropy"
          logY
          markers={[{ x: 0, label: 'init', color: palette.grey }, { x: 1, label: 'now', color: palette.vermillion }]}
          description={`Loss along the line from the initial to the current weights, α from −0.5 to 1.5: ${fmt(interp.initLoss)} at the start, ${fmt(data.trainLoss)} now.`}
          series={trainTest(interp.alpha, interp)}
        />
      ),
      caption:
        'Goodfellow, Vinyals and Saxe (2015) walked the straight segment between a net’s starting and trained weights: for many nets the loss simply falls along it, though the optimiser took a curved route. Does the test curve follow past α = 1?',
    },
    slice: {
      title: 'A random slice through the current weights',
      render: (box) => (
        <SliceChart
          {...cardSize(box)}
          xLabel={`t along a random filter-normalised direction (span ±${fmt(v.span)})`}
          yLabel="cross-entropy"
          markers={[{ x: 0, label: 'now', color: palette.vermillion }]}
          description={`Loss along a random filter-normalised direction through the current weights, t from −${v.span} to ${v.span}.`}
          series={trainTest(slice.t, slice)}
        />
      ),
      caption:
        'A random direction rescaled neuron by neuron to that neuron’s weights (Li et al. 2018), so a step of 1 changes every unit by about its own size. Shrink the span towards 10⁻⁴: the averaged curve stays smooth long after you would expect corners.',
    },
    plane: {
      title: 'A plane through the current weights',
      render: (box) => (
        <PlaneFigure plane={plane} live={data.surfaceLive} resolution={v.resolution} logColor={v.logColor} size={Math.min(cardWidth(box), 480)} />
      ),
      caption: (
        <>
          {plane.note} Contours are in {v.logColor ? 'log(loss)' : 'loss'}. The grid is evaluated in batches: along each grid row the
          weights are linear in α, so every layer of all the row’s networks is one matrix product. A plane is two directions out of{' '}
          {fmtInt(data.parameterCount)}: a kink whose fold runs across the other {fmtInt(data.parameterCount - 2)} can be invisible here.
        </>
      ),
    },
    input: {
      title: 'Near-linearity in input space',
      render: (box) => (
        <SliceChart
          {...cardSize(box)}
          xLabel="t: input moved by t · sign(∇ₓ loss)"
          yLabel="loss of this point"
          logY
          markers={[{ x: 0, label: 'x', color: palette.grey }, { x: input.epsilon, label: 'FGSM', color: palette.vermillion }]}
          description={`Loss of training point ${input.index} moved along the sign of its input gradient; one step of ${input.epsilon} ${lossChangeVerb(fgsmRise)} it from ${fmt(input.cleanLoss)} to ${fmt(input.fgsmLoss)}.`}
          series={[
            { name: 'loss', color: palette.blue, x: input.t, y: input.loss },
            { name: 'first-order prediction', color: palette.grey, x: input.t, y: input.linear, dashed: true },
          ]}
        />
      ),
      caption: (
        <>
          Goodfellow, Shlens and Szegedy (2015) argued that nets are close to linear in their inputs, which is why one step along the
          sign of the input gradient (FGSM) already raises the loss a lot. Here one step of ε = {fmt(input.epsilon)}{' '}
          <span data-testid="fgsm-words">{lossChangeWords(fgsmRise)}</span>; the dashed first-order line predicts a rise of{' '}
          {fmt(linearRise / 2)}. Point #{input.index} (class {input.label}, loss rank {input.rank}): loss {fmt(input.cleanLoss)} at x,{' '}
          <span data-testid="fgsm-loss">{fmt(input.fgsmLoss)}</span> after the step.
        </>
      ),
    },
  };
}
