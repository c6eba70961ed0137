import { useApp } from '../store/store';
import { useFrame } from '../store/use-frame';
import { setSpeed } from '../store/actions';
import { SPEEDS, SPEED_LABELS } from '../shared/speed';
import { sparseCreditContract, type SparseCreditFrame } from '../core/experiments/sparse-credit.schema';
import { fmtInt } from '../app/format';
import type { PanelProps } from './panel-props';
import { PanelShell } from './common/PanelShell';
import { choiceOf, figuresOf } from './sparse-credit/figures';
import { NAMES } from './sparse-credit/format';
import { CreditExplained, LearnerTable } from './sparse-credit/more';
import './SparseCreditPanel.css';

const PACE = sparseCreditContract.layout.pace;
const PACE_INDEX = SPEEDS.findIndex((s) => s === PACE);

/** The figure's answer in words: which switched-on learners have learned the choice at this T. */
function Verdict({ data }: { data: SparseCreditFrame }) {
  const on = data.rows.filter((r) => r.enabled && r.status !== 'off');
  if (data.refused || on.length === 0) return null;
  const learned = on.filter((r) => r.learnedAt !== null).map((r) => NAMES[r.id]);
  return (
    <p data-testid="sc-verdict">
      {learned.length} of {on.length} learned {choiceOf(data)} at T = {fmtInt(data.T)}
      <span className="sc-verdict-who">{learned.length > 0 ? `: ${learned.join(', ')}.` : '.'}</span>
    </p>
  );
}

/**
 * A speed chosen elsewhere (or here) below the pace this story is told at: the learners need hundreds
 * of steps, so say why the curves crawl and offer the pace in one click.
 */
function SlowNote() {
  const speedIndex = useApp((s) => s.speedIndex);
  if (PACE_INDEX < 0 || SPEEDS[speedIndex]! >= PACE) return null;
  return (
    <p className="sc-slow" data-testid="sc-slow">
      Training at {SPEED_LABELS[speedIndex]}: the learners need hundreds of steps, so the curves will crawl.{' '}
      <button type="button" onClick={() => void setSpeed(PACE_INDEX)}>
        Watch at {SPEED_LABELS[PACE_INDEX]}
      </button>
    </p>
  );
}

/** Panel for sparse credit: who gets the credit for a grade earned T events after the choice. */
export function SparseCreditPanel({ hidden }: PanelProps) {
  const snapshot = useFrame('sparse-credit');
  const data = snapshot?.data ?? null;
  return (
    <PanelShell
      id="sparse-credit"
      title="Sparse credit over long sequences"
      claim="Seven learners face the same semester: event 1 is the choice to study, then T − 2 random distractions, then a grade that depends on the choice alone. Each moves its policy by the credit its model sends back to the choice."
      hidden={hidden}
      figures={data ? figuresOf(data) : null}
      alert={
        data?.refused ? (
          <div className="alert alert-error" role="alert" data-testid="sc-refused">
            <p>
              <strong>Refused: not enough memory for these settings.</strong> {data.refused}
            </p>
          </div>
        ) : undefined
      }
      verdict={
        <>
          {data && <Verdict data={data} />}
          <SlowNote />
        </>
      }
      more={
        data &&
        !data.refused && (
          <>
            <LearnerTable data={data} step={snapshot!.step} />
            <CreditExplained />
          </>
        )
      }
    />
  );
}
