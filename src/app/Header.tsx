import { useState, type ReactNode } from 'react';
import { useMediaQuery } from './useMediaQuery';
import { useApp } from '../store/store';
import { reset, setBackend, setExperiment, setSeed, setSpeed, stepOnce, togglePlay } from '../store/actions';
import { catalog } from '../core/catalog';
import { shareableUrl } from '../store/url-sync';
import { BACKENDS, SEED_MAX, type BackendChoice } from '../params/url';
import { SPEED_LABELS } from '../shared/speed';
import { fmtInt } from './format';
import { ThemeToggle } from '../theme/ThemeToggle';
import { LectureToggle } from '../article/LectureToggle';
import { backendTooltip } from './backend-tooltip';
import { TimelineScrubber } from './TimelineScrubber';
import { DeckButton } from '../deck/DeckButton';

/** Title bar: backend and speed readout, transport, seed and the copy-link button. */
export function Header() {
  const backend = useApp((s) => s.backend);
  const choice = useApp((s) => s.backendChoice);
  const running = useApp((s) => s.running);
  const phase = useApp((s) => s.phase);
  const speedIndex = useApp((s) => s.speedIndex);
  const seed = useApp((s) => s.seed);
  const experimentId = useApp((s) => s.experimentId);
  const stepsPerSecond = useApp((s) => s.frame?.stats.stepsPerSecond ?? 0);
  const step = useApp((s) => s.frame?.snapshot.step ?? 0);
  const [copied, setCopied] = useState(false);
  const [seedText, setSeedText] = useState<string | null>(null);
  const ready = phase === 'ready';
  // On a phone the run's settings fold behind one line, so the panel's figure starts on the first screen.
  const narrow = useMediaQuery('(max-width: 700px)');
  const fold = (settings: ReactNode) =>
    narrow ? (
      <details className="header-more">
        <summary>Experiment, backend, seed, link…</summary>
        {settings}
      </details>
    ) : (
      settings
    );

  const commitSeed = (text: string) => {
    const n = Number(text);
    setSeedText(null);
    if (Number.isInteger(n) && n >= 0 && n <= SEED_MAX && n !== seed) void setSeed(n);
  };

  return (
    <header className="app-header">
      <div className="brand">
        <h1>Generalizing Backprop</h1>
        <span className="tagline">credit assignment, live in your browser</span>
      </div>
      <div className="status" role="status" aria-live="polite" aria-atomic="true">
        <span
          data-testid="backend-active"
          data-backend={backend?.active ?? ''}
          data-threads={backend?.threads ?? ''}
          data-calibrated={backend?.calibration ? (backend.calibration.remembered ? 'remembered' : 'measured') : ''}
          title={backend ? backendTooltip(backend) : ''}
        >
          {phase === 'booting' ? 'starting…' : backend ? backend.active : '—'}
        </span>
      </div>
      <div className="meter" aria-live="off">
        <span data-testid="steps-per-second" data-value={stepsPerSecond.toFixed(1)}>{running ? `${fmtInt(stepsPerSecond)} steps/s` : 'paused'}</span>
        <span data-testid="step-count" data-value={step}>step {fmtInt(step)}</span>
      </div>
      <div className="transport" role="group" aria-label="Training">
        <button type="button" onClick={() => void togglePlay()} disabled={!ready} aria-pressed={running} data-testid="play">
          {running ? '❚❚ Pause' : '▶ Train'}
        </button>
        <button type="button" onClick={() => void stepOnce()} disabled={!ready} title="One step (pauses)">
          Step
        </button>
        <button type="button" onClick={() => void reset()} disabled={!ready} title="Back to step 0 with the same seed">
          Reset
        </button>
        <TimelineScrubber />
        <label>
          Speed{' '}
          <select value={speedIndex} onChange={(e) => void setSpeed(Number(e.target.value))}>
            {SPEED_LABELS.map((l, i) => (
              <option key={l} value={i}>
                {l}
              </option>
            ))}
          </select>
        </label>
      </div>
      {fold(
      <div className="run-settings">
        {catalog.length > 1 && (
          <label>
            Experiment{' '}
            <select value={experimentId} onChange={(e) => void setExperiment(e.target.value)} data-testid="experiment-select">
              {catalog.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.title}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Backend{' '}
          <select value={choice} onChange={(e) => void setBackend(e.target.value as BackendChoice)} data-testid="backend-select">
            {BACKENDS.map((b) => (
              <option key={b} value={b}>
                {b === 'auto' ? 'auto (best available)' : b}
              </option>
            ))}
          </select>
        </label>
        <label>
          Seed{' '}
          <input
            type="number"
            min={0}
            max={SEED_MAX}
            value={seedText ?? String(seed)}
            onChange={(e) => setSeedText(e.target.value)}
            onBlur={(e) => commitSeed(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && commitSeed((e.target as HTMLInputElement).value)}
            className="seed"
          />
        </label>
        <button
          type="button"
          onClick={() => {
            void navigator.clipboard?.writeText(shareableUrl()).then(
              () => setCopied(true),
              () => setCopied(false),
            );
            setTimeout(() => setCopied(false), 1500);
          }}
          title="Copy a link that reproduces this run (seed and settings)"
          data-testid="copy-link"
          data-url={shareableUrl()}
        >
          {copied ? 'Copied ✓' : 'Copy link'}
        </button>
        <LectureToggle />
        <DeckButton />
        <ThemeToggle />
      </div>,
      )}
    </header>
  );
}
