import { useCallback, useEffect, useRef, useState } from 'react';
import { appStore, useApp } from '../store/store';
import { pinStore, pinsOf } from '../pins/pins';
import { fileSlug, snapshotCsv, snapshotJson, type ExportSource } from './data';
import { downloadBlob, figureSvg, findFigures, svgToPng } from './capture';
import './ExportBar.css';

export interface ExportBarProps {
  /** The experiment whose panel and snapshot to export; the page's current one when left out. */
  experimentId?: string;
}

function panelElement(bar: HTMLElement | null, experimentId: string): Element | null {
  const byId = document.querySelector(`[data-testid="panel-${CSS.escape(experimentId)}"]`);
  if (byId) return byId;
  for (let el = bar?.previousElementSibling ?? null; el; el = el.previousElementSibling) {
    if (el.classList.contains('panel')) return el;
  }
  return bar?.closest('.panel') ?? document.querySelector('main .panel');
}

function exportSource(experimentId: string): ExportSource | null {
  const s = appStore.getState();
  const snap = s.frame?.snapshot;
  if (!snap || snap.experimentId !== experimentId) return null;
  const pins = pinsOf(pinStore.getState().pins, experimentId);
  return { experimentId, seed: s.seed, step: snap.step, params: { ...s.params }, diverged: snap.diverged, data: snap.data, pins };
}

/**
 * Export buttons for one panel: its data (the current snapshot) as CSV or JSON, and any of its
 * figures as PNG or SVG. Figures are found in the panel's DOM when the list is opened, so panels need
 * no export code of their own.
 */
export function ExportBar({ experimentId: given }: ExportBarProps) {
  const current = useApp((s) => s.experimentId);
  const experimentId = given ?? current;
  const hasData = useApp((s) => s.frame?.snapshot.experimentId === experimentId);
  const ref = useRef<HTMLDivElement>(null);
  const [titles, setTitles] = useState<string[]>([]);
  const [choice, setChoice] = useState(0);
  const [message, setMessage] = useState('');

  const scan = useCallback(() => {
    const panel = panelElement(ref.current, experimentId);
    const found = panel ? findFigures(panel).map((f) => f.title) : [];
    setTitles((old) => (old.length === found.length && old.every((t, i) => t === found[i]) ? old : found));
    return panel;
  }, [experimentId]);

  // Figures appear once the lazy panel and its first frame have arrived; look again a few times.
  useEffect(() => {
    const timers = [300, 1500, 4000].map((ms) => setTimeout(scan, ms));
    return () => timers.forEach(clearTimeout);
  }, [scan, hasData]);

  const baseName = () => {
    const s = appStore.getState();
    const step = s.frame?.snapshot.experimentId === experimentId ? s.frame.snapshot.step : 0;
    return `gb-${fileSlug(experimentId, 'experiment')}-seed${s.seed}-step${step}`;
  };

  const saveData = (kind: 'csv' | 'json') => {
    const src = exportSource(experimentId);
    if (!src) {
      setMessage('No data yet: wait for the first frame.');
      return;
    }
    const text = kind === 'csv' ? snapshotCsv(src) : snapshotJson(src);
    downloadBlob(new Blob([text], { type: kind === 'csv' ? 'text/csv' : 'application/json' }), `${baseName()}.${kind}`);
    setMessage(`Saved the data of step ${src.step} as ${kind.toUpperCase()}.`);
  };

  const saveFigure = async (kind: 'png' | 'svg') => {
    const panel = scan();
    const figures = panel ? findFigures(panel) : [];
    const figure = figures[Math.min(choice, figures.length - 1)];
    if (!figure) {
      setMessage('No figure is drawn yet.');
      return;
    }
    try {
      const { svg, width, height } = figureSvg(figure);
      // Numbers in titles (“at step 1,234”) change every frame; the base name has the step already.
      const name = `${baseName()}-${fileSlug(figure.title.replace(/\d[\d,.\u00a0\u202f]*/g, ' '))}.${kind}`;
      const blob = kind === 'svg' ? new Blob([svg], { type: 'image/svg+xml' }) : await svgToPng(svg, width, height, 2);
      downloadBlob(blob, name);
      setMessage(`Saved “${figure.title}” as ${kind.toUpperCase()}.`);
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <div className="export-bar" ref={ref} role="group" aria-label="Export this panel" data-testid="export-bar">
      <span className="export-label">Export</span>
      <span className="export-group">
        <span className="export-sub">data</span>
        <button type="button" className="small" onClick={() => saveData('csv')} disabled={!hasData} data-testid="export-csv" title="The current snapshot as a tidy CSV: series,index,value">
          CSV
        </button>
        <button type="button" className="small" onClick={() => saveData('json')} disabled={!hasData} data-testid="export-json" title="The current snapshot, settings and seed as JSON">
          JSON
        </button>
      </span>
      <span className="export-group">
        <label className="export-sub">
          figure{' '}
          <select
            value={Math.min(choice, Math.max(0, titles.length - 1))}
            onChange={(e) => setChoice(Number(e.target.value))}
            onFocus={() => scan()}
            onPointerDown={() => scan()}
            data-testid="export-figure"
            disabled={titles.length === 0}
          >
            {titles.length === 0 && <option value={0}>none drawn yet</option>}
            {titles.map((t, i) => (
              <option key={`${i}-${t}`} value={i}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="small" onClick={() => void saveFigure('png')} disabled={titles.length === 0} data-testid="export-png">
          PNG
        </button>
        <button type="button" className="small" onClick={() => void saveFigure('svg')} disabled={titles.length === 0} data-testid="export-svg">
          SVG
        </button>
      </span>
      <span className="export-message" role="status" aria-live="polite">
        {message}
      </span>
    </div>
  );
}
