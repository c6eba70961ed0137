/**
 * Panel for the loss-surface experiment on the panel shell: the kink lens is the hero (one example's
 * kinked loss beside the mean over many, where the kinks blur); the init → now line, a random slice,
 * a plane and the input-space slice sit behind "More" with the readouts and how kinks are counted.
 */
import './LossSurfacePanel.css';
import { useApp } from '../store/store';
import { useFrame } from '../store/use-frame';
import type { LossSurfaceFrameData } from '../core/experiments/loss-surface.schema';
import { fmt, fmtInt } from '../app/format';
import type { PanelProps } from './panel-props';
import { PanelShell } from './common/PanelShell';
import { surfaceFigures } from './loss-surface/figures';
import { NetworkFigure } from './network/NetworkFigure';
import { useUnitFocus } from './network/useUnitFocus';
import { DrawPlane, DrawRefusal, DrawToolbar, useDrawState } from './common/DrawData';

const METHOD_WORDS: Record<string, string> = {
  exact: 'exact: along the line the first layer’s pre-activations are linear in t, and while the earlier layers’ on/off pattern holds, layer l’s are polynomials of degree l, so the counter walks t from one sign change to the next, each found as a root',
  grid: 'counted as sign changes of every hidden pre-activation on a POINTS-point grid along the line, not exactly: past the first layer the pre-activations bend, so two crossings inside one grid cell count as none and the total is a lower bound',
  none: 'tanh and linear units have no kinks, so there is nothing to count',
};

/** The lens's answer in words, beside the key controls. */
function Verdict({ data, relu }: { data: LossSurfaceFrameData; relu: boolean }) {
  const lens = data.lens;
  if (!lens) return null;
  const total = <strong data-testid="kink-total">{fmtInt(lens.kinks.total)}</strong>;
  if (!relu) return <p>{total} kinks along this line: these units are smooth, so no example’s loss has a corner.</p>;
  if (lens.examples === 1) return <p>{total} kinks along this line, each a full corner of this one example’s loss.</p>;
  const own = lens.kinks.perExample[lens.singleExample] ?? 0;
  return (
    <p>
      {total} kinks along this line in {fmtInt(lens.examples)} examples, {fmtInt(own)} in the one drawn alone. Each bends the mean by
      1/{fmtInt(lens.examples)} as much.
    </p>
  );
}

function Readouts({ data }: { data: LossSurfaceFrameData }) {
  const lens = data.lens;
  const per = lens ? Array.from(lens.kinks.perExample) : [];
  const perMax = per.length ? Math.max(...per) : 0;
  const perMean = per.length ? per.reduce((a, b) => a + b, 0) / per.length : 0;
  return (
    <div className="ls-more">
      <dl className="readouts" aria-live="off">
        <div><dt>train loss</dt><dd data-testid="train-loss">{fmt(data.trainLoss)}</dd></div>
        <div><dt>test loss</dt><dd>{fmt(data.testLoss)}</dd></div>
        <div><dt>views computed at step</dt><dd data-testid="surface-step" data-value={data.surfaceStep ?? ''} data-ms={data.surfaceMs}>{data.surfaceStep === null ? '—' : fmtInt(data.surfaceStep)}</dd></div>
        <div><dt>one refresh of all views</dt><dd>{fmtInt(data.surfaceMs)} ms</dd></div>
        <div><dt>parameters</dt><dd>{fmtInt(data.parameterCount)}</dd></div>
        {lens && <div><dt>kinks per example: mean / max</dt><dd>{fmt(perMean)} / {fmtInt(perMax)}</dd></div>}
        {lens && <div><dt>examples with a kink</dt><dd>{fmtInt(per.filter((v) => v > 0).length)} of {fmtInt(lens.examples)}</dd></div>}
      </dl>
      {lens && (
        <p className="hint" data-testid="kink-method">
          Count: {(METHOD_WORDS[lens.kinks.method] ?? lens.kinks.method).replace('POINTS', fmtInt(lens.kinks.gridPoints))}.
        </p>
      )}
      <p className="ls-text">
        Three explanations of the smoothness, one control each. <strong>Averaging:</strong> move <em>Examples averaged</em> from 1 to
        all. <strong>Projection:</strong> set <em>Lens direction</em> to random; a random line need not cross any fold in a short
        span. <strong>The units:</strong> switch <em>Activation</em> to tanh, and the corners vanish with the count.
      </p>
    </div>
  );
}

export function LossSurfacePanel({ hidden }: PanelProps) {
  const params = useApp((s) => s.params);
  const snapshot = useFrame('loss-surface');
  const data = snapshot?.data ?? null;
  const relu = params.activation === 'relu';
  const settings = { span: Number(params.span), relu, logColor: params.logColor === true, resolution: Number(params.resolution) };
  const focus = useUnitFocus();
  const draw = useDrawState();
  const figures = data && {
    ...surfaceFigures(data, settings),
    network: {
      title: 'Inside the network: where each unit kinks',
      render: (box: { width: number }) => <NetworkFigure net={data.network} width={box.width - 8} focus={focus} />,
      caption:
        'Each square is one unit’s activation over the input plane. Point at a unit: the purple line is where its pre-activation is zero. An example lying on that line is at a kink of its loss; moving the weights moves the line, and each time it sweeps over an example the lens above counts one kink.',
    },
  };
  return (
    <PanelShell
      id="loss-surface"
      title="Why does a rectifier net’s loss look smooth?"
      claim="Every ReLU unit folds the loss along a hyperplane in weight space, so one example’s loss is made of flat-sided pieces; averaged over many examples the folds blur, and the loss looks like rolling hills."
      hidden={hidden}
      figures={figures || null}
      verdict={
        data ? (
          <>
            {draw.state.active && <DrawRefusal reason={data.refused} />}
            <Verdict data={data} relu={relu} />
          </>
        ) : undefined
      }
      more={
        data ? (
          <>
            <div className="ls-draw" data-testid="ls-draw">
              <h3>Draw your own data</h3>
              <p className="hint">
                Set the data set to your own points: the lens, the slices and the kink count then follow your drawing (the
                weights are kept). Choose a class, click the plane, and press Train.
              </p>
              <DrawToolbar controls={draw} />
              {draw.state.active && <DrawPlane state={draw.state} size={240} />}
            </div>
            <Readouts data={data} />
          </>
        ) : undefined
      }
    />
  );
}
