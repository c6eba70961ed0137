import './BinaryLatentsPanel.css';
import { useFrame } from '../store/use-frame';
import { fmt, fmtInt } from '../app/format';
import type { BinaryLatentsFrame } from '../core/experiments/binary-latents.schema';
import type { PanelProps } from './panel-props';
import { PanelShell } from './common/PanelShell';
import { RunStopped } from './common/RunStopped';
import { figuresOf } from './binary-latents/figures';
import { lastOf } from './binary-latents/look';

/** The race's answer in words, and what changed in this run lately (method switches, K, rollbacks). */
function Verdict({ data }: { data: BinaryLatentsFrame }) {
  const ranked = data.race.filter((r) => r.nll.length > 0).sort((a, b) => lastOf(a.nll)! - lastOf(b.nll)!);
  const best = ranked[0];
  const worst = ranked.length > 1 ? ranked[ranked.length - 1] : undefined;
  const events = data.events.slice(-3);
  return (
    <div className="bl-verdict">
      <p>
        {best
          ? `Lowest −log p(x) now: ${best.label}, ${fmt(lastOf(best.nll))} nats${worst ? ` (${worst.label}: ${fmt(lastOf(worst.nll))})` : ''}. Floor: the data’s entropy, ${fmt(data.dataEntropy)}.`
          : 'No racer has been evaluated yet.'}
      </p>
      {events.length > 0 && <p className="bl-events">{events.map((e) => `Step ${fmtInt(e.step)}: ${e.text}.`).join(' ')}</p>}
    </div>
  );
}

/** The stopped-run alert, and the refusals of a size or of the selected method. */
function Alerts({ data, diverged }: { data: BinaryLatentsFrame | null; diverged: Parameters<typeof RunStopped>[0]['diverged'] | null }) {
  return (
    <>
      {diverged && <RunStopped diverged={diverged} />}
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
    </>
  );
}

/**
 * Panel for the binary-latents experiment: the race of methods from one seed (the hero), this run's
 * curves, data against reconstructions and dreams, and what the recognition model says the hidden
 * layer should be for one image.
 */
export function BinaryLatentsPanel({ hidden }: PanelProps) {
  const snapshot = useFrame('binary-latents');
  const data = snapshot?.data ?? null;
  return (
    <PanelShell
      id="binary-latents"
      title="Binary latents: wake-sleep and gradient estimators"
      claim="A small generative model explains each image by a few on/off causes; a recognition model q(h|x) must guess them, and its output is a coin flip with no derivative. Gradient estimators work through the coin; wake-sleep sidesteps it by learning from dreams whose causes are known."
      hidden={hidden}
      figures={snapshot ? figuresOf(snapshot.data, snapshot.step) : null}
      alert={<Alerts data={data} diverged={snapshot?.diverged ?? null} />}
      verdict={data && <Verdict data={data} />}
    />
  );
}
