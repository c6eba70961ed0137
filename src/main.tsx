// First, so every stylesheet after it reads the theme's colour properties (generated from src/charts/palette.ts).
import 'virtual:theme.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { appStore, describeProblems, pushNotice } from './store/store';
import { bootTrainer, debugHooks, pacedSpeedIndex } from './store/actions';
import { HOOKS_EXPOSED } from './app/build-mode';
import { startUrlSync } from './store/url-sync';
import { decodeUrlState } from './params/url';
import { schemaOf, DEFAULT_EXPERIMENT_ID } from './core/catalog';
import { availableSections } from './article/sections';
import './app/styles.css';
import './offline/register';
import './offline/isolation';

// `?section=x` alone (a hand-typed link) opens that section's experiment; with `exp=` present, exp wins.
// The raw query goes to the decoder untouched (it names malformed values as they were typed); only
// an `exp=` is appended.
const query = new URLSearchParams(window.location.search);
const asked = availableSections().find((s) => s.id === query.get('section'));
const search = asked && !query.has('exp') ? `${window.location.search}&exp=${asked.experiment}` : window.location.search;
const { state, problems } = decodeUrlState(search, schemaOf, DEFAULT_EXPERIMENT_ID);
appStore.setState({
  experimentId: state.experimentId,
  seed: state.seed,
  backendChoice: state.backend,
  params: state.params,
  speedIndex: pacedSpeedIndex(state.experimentId),
});
if (problems.length > 0) pushNotice('warning', 'Some values in the link could not be used', describeProblems(problems));
startUrlSync();

// Tests and the bench reach the trainer through this, never through React internals. Only their
// builds (and the dev server) carry it: a production page has no fault injection on window.
if (HOOKS_EXPOSED) (window as unknown as { __gb: unknown }).__gb = { store: appStore, ...debugHooks };

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
void bootTrainer();
