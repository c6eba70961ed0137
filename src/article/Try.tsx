import { createContext, useContext, type ReactNode } from 'react';
import { appStore, useApp } from '../store/store';
import { setParam } from '../store/actions';
import { encodeUrlState } from '../params/url';
import { DEFAULT_EXPERIMENT_ID } from '../core/catalog';
import { metaOf } from '../core/catalog';
import type { AnyParamValues } from '../params/kinds';
import { tryIsActive, tryValues, type SectionSpec } from './sections';

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

/** Apply a try-this state through the same actions the sliders use (so the URL follows), one key at a time. */
async function apply(values: AnyParamValues): Promise<void> {
  for (const [key, v] of Object.entries(values)) {
    const now = appStore.getState().params[key];
    if (JSON.stringify(now) !== JSON.stringify(v)) await setParam(key, v);
  }
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
        if (ready) void apply(values);
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
