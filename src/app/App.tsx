import { Suspense, useEffect, useMemo, useState } from 'react';
import { startKeyboard } from './keyboard';
import { startVisibilityPause } from './visibility';
import { ShortcutHelp } from './ShortcutHelp';
import { Header } from './Header';
import { Notices } from './Notices';
import { panels } from '../panels';
import { useApp } from '../store/store';

/** The page: header, notices and the experiment's panel. */
export function App() {
  const experimentId = useApp((s) => s.experimentId);
  const Panel = panels[experimentId];
  const [helpOpen, setHelpOpen] = useState(false);
  useEffect(() => startKeyboard(() => setHelpOpen((open) => !open)), []);
  useEffect(() => startVisibilityPause(), []);
  const hidden = useMemo(() => new Set((new URLSearchParams(window.location.search).get('hide') ?? '').split(',').filter(Boolean)), []);
  return (
    <>
      <Header />
      <main>
        <Notices />
        <section className="intro">
          <p>
            Backpropagation assigns credit exactly, but only through smooth computations. This explorable trains small
            models live in your browser so you can see what backprop gives, where its signal is noisy, and what the
            alternatives cost. Everything you see is computed as you watch, in a background thread; move any control
            and the run changes on its next step.
          </p>
        </section>
        {Panel ? (
          <Suspense fallback={<p className="placeholder" role="status">Loading the panel…</p>}>
            <Panel hidden={hidden} />
          </Suspense>
        ) : (
          <p role="alert">No panel draws the experiment “{experimentId}” yet.</p>
        )}
      </main>
      {helpOpen && <ShortcutHelp onClose={() => setHelpOpen(false)} />}
      <footer className="app-footer">
        <p>
          Links reproduce runs: the seed and every changed setting are in the address. Training runs in a Web Worker on
          TensorFlow.js. Press <kbd>?</kbd> for keyboard shortcuts.
        </p>
      </footer>
    </>
  );
}
