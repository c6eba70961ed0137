import { createContext, useContext, type ReactNode } from 'react';
import { appStore, noteChange, useApp } from '../store/store';
import { setParam } from '../store/actions';
import { encodeUrlState } from '../params/url';
import { DEFAULT_EXPERIMENT_ID } from '../core/catalog';
import { metaOf } from '../core/catalog';
import type { AnyParamValues } from '../params/kinds';
import { describeTry, tryIsActive, tryValues, type SectionSpec } from './sections';

/** The section whose prose is being drawn: its "try this" states live in its entry in sections.ts. */
export const SectionContext = createContext<SectionSpec | null>(null);

/** The address of the run with `values` applied, page keys (section, lecture, hide) kept. */
function hrefFor(section: SectionSpec, values: AnyParamValues): string {
  const s = appStore.getState();
  const meta = metaOf(section.experiment);
  if (!meta) return '#';
  const query = new URLSearchParams(
    encodeUrlState({ experimentId: section.experiment, seed: s.seed, backend: s.backendChoice, params: { ...s.params, ...values } }, meta.schema, DEFAULT_EXPERIMENT_ID),
  );
  const here = new URLSearchParams(window.location.search);
  for (const key of ['section', 'lecture', 'hide', 'thread']) {
    const v = here.get(key);
    if (v !== null) query.set(key, v);
  }
  return `?${query.toString()}`;
}

/**
 * Apply a try-this state through the same actions the sliders use (so the URL follows), one key at a
 * time; then bring the hero figure into view, say in it what changed, and put the focus on the first
 * control the link changed (opening "More" when that control lives there), so the reader sees the
 * effect and holds the control that made it.
 */
async function apply(section: SectionSpec, values: AnyParamValues): Promise<void> {
  for (const [key, v] of Object.entries(values)) {
    const now = appStore.getState().params[key];
    if (JSON.stringify(now) !== JSON.stringify(v)) await setParam(key, v);
  }
  noteChange(describeTry(section, values));
  const panel = document.querySelector<HTMLElement>(`[data-testid="panel-${section.experiment}"]`);
  const hero = panel?.querySelector<HTMLElement>('[data-testid="hero-figure"]');
  const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
  hero?.scrollIntoView({ block: 'nearest', behavior: reduced ? 'auto' : 'smooth' });
  const first = Object.keys(values)[0];
  const control = first ? panel?.querySelector<HTMLElement>(`[name="${CSS.escape(first)}"]`) : null;
  if (!control) return;
  const more = control.closest('details');
  if (more && !more.open) window.dispatchEvent(new Event('gb-open-more'));
  // After the disclosure has opened (one frame), without scrolling the figure back out of view.
  requestAnimationFrame(() => control.focus({ preventScroll: !more }));
}

/**
 * Every try-this state of a section as buttons: lecture mode has no prose, so this row is how a
 * lecturer reaches them (by keyboard too).
 */
export function TryButtons({ section }: { section: SectionSpec }) {
  const params = useApp((s) => s.params);
  const experimentId = useApp((s) => s.experimentId);
  const phase = useApp((s) => s.phase);
  const ready = experimentId === section.experiment && phase === 'ready';
  const names = Object.keys(section.tries).filter((n) => tryValues(section, n) !== null);
  if (names.length === 0) return null;
  return (
    <div className="try-buttons" role="group" aria-label="Try this">
      <span className="try-buttons-label">Try:</span>
      {names.map((name) => {
        const values = tryValues(section, name)!;
        const active = ready && tryIsActive(values, params);
        return (
          <button
            key={name}
            type="button"
            aria-pressed={active}
            disabled={!ready}
            title={describeTry(section, values)}
            data-testid={`try-button-${section.id}-${name}`}
            onClick={() => void apply(section, values)}
          >
            {section.tryLabels?.[name] ?? name}
          </button>
        );
      })}
    </div>
  );
}

/**
 * A "try this" link in the prose: sets the panel's parameters to the named state. Its href is the
 * shareable address of that state, so it also works opened in a new tab. Marked once the state holds.
 */
export function Try({ name, children }: { name: string; children: ReactNode }) {
  const section = useContext(SectionContext);
  const params = useApp((s) => s.params);
  const experimentId = useApp((s) => s.experimentId);
  const phase = useApp((s) => s.phase);
  const values = section ? tryValues(section, name) : null;
  if (!section || !values) return <em>{children}</em>;
  const ready = experimentId === section.experiment;
  const active = ready && tryIsActive(values, params);
  return (
    <a
      className={`try${active ? ' try-active' : ''}`}
      href={hrefFor(section, values)}
      data-testid={`try-${section.id}-${name}`}
      aria-disabled={!ready || phase === 'booting' ? true : undefined}
      aria-current={active ? 'true' : undefined}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        if (ready) void apply(section, values);
      }}
    >
      {children}
      {active && (
        <span className="try-mark" title="This is how the panel is set now" aria-hidden="true">
          {' '}✓
        </span>
      )}
    </a>
  );
}
