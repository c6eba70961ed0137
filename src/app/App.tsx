import { Suspense, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { startKeyboard } from './keyboard';
import { loadDeckFromUrl, presentingDeck, stepDeck } from '../deck/deck-actions';
import { startVisibilityPause } from './visibility';
import { startChromeHeight } from './chrome-height';
import { ShortcutHelp } from './ShortcutHelp';
import { Header } from './Header';
import { Notices } from './Notices';
import { PanelErrorBoundary } from './PanelErrorBoundary';
import { ExportBar } from '../export/ExportBar';
import { panels } from '../panels';
import { useApp } from '../store/store';
import { Article } from '../article/Article';
import { CompactBar } from '../article/CompactBar';
import { PAGE_PARTS, jumpToSection, moveSection, pageStore, setLecture, startSectionSync, usePage } from '../article/navigation';

/**
 * The page: header, notices and the article, whose current section sits beside its live panel.
 * Lecture mode (`?lecture=1`) swaps the header for one compact bar and gives the panel the screen in a
 * projector theme; an embed (`?embed=1&exp=…`) shows the panel alone; `hide=` removes named parts.
 */
export function App() {
  const experimentId = useApp((s) => s.experimentId);
  const Panel = panels[experimentId];
  const lecture = usePage((s) => s.lecture);
  const embed = usePage((s) => s.embed);
  const hide = usePage((s) => s.hide);
  const [helpOpen, setHelpOpen] = useState(false);
  // Before the first paint, so the section's text never flashes in after the panel.
  useLayoutEffect(() => startSectionSync(), []);
  // A deck in the link (a lecturer's `deck=`): read once; Page Down in lecture mode then walks it.
  useEffect(() => loadDeckFromUrl(), []);
  useEffect(
    () =>
      startKeyboard({
        toggleHelp: () => setHelpOpen((open) => !open),
        lecture: () => pageStore.getState().lecture || pageStore.getState().embed,
        ...(pageStore.getState().embed
          ? {}
          : { moveSection: (delta: number) => (presentingDeck() ? stepDeck(delta) : moveSection(delta)), jumpToSection, toggleLecture: () => setLecture(!pageStore.getState().lecture) }),
      }),
    [],
  );
  useEffect(() => startVisibilityPause(), []);
  useEffect(() => startChromeHeight(), []);
  // Large type and the projector theme hang off the root element, so rem units and the page background follow.
  useEffect(() => {
    const root = document.documentElement.classList;
    root.toggle('lecture', lecture);
    root.toggle('embed', embed);
    for (const part of PAGE_PARTS) root.toggle(`hide-${part}`, hide.has(part));
  }, [lecture, embed, hide]);
  // Parameter keys named in `hide=` go to the panel; page parts are handled here.
  const hidden = useMemo(() => new Set([...hide].filter((k) => !(PAGE_PARTS as readonly string[]).includes(k))), [hide]);
  const compact = lecture || embed;
  // A panel that fails (its chunk gone after a redeploy, or a bug) shows why in its place; the key gives
  // each experiment a fresh try.
  const panel = Panel ? (
    <PanelErrorBoundary key={experimentId} part="panel">
      <Suspense fallback={<p className="placeholder" role="status">Loading the panel…</p>}>
        <Panel hidden={hidden} />
        <ExportBar />
      </Suspense>
    </PanelErrorBoundary>
  ) : (
    <p role="alert">No panel draws the experiment “{experimentId}” yet.</p>
  );
  return (
    <>
      {!hide.has('header') && (compact ? <CompactBar onHelp={() => setHelpOpen(true)} /> : <Header />)}
      <main>
        {!hide.has('notices') && <Notices />}
        <PanelErrorBoundary part="page">{embed ? panel : <Article>{panel}</Article>}</PanelErrorBoundary>
      </main>
      {helpOpen && <ShortcutHelp onClose={() => setHelpOpen(false)} />}
      {!compact && !hide.has('footer') && (
        <footer className="app-footer">
          <p>
            Links reproduce runs: the seed and every changed setting are in the address. Training runs in a Web Worker
            on TensorFlow.js. Press <kbd>?</kbd> for keyboard shortcuts.
          </p>
        </footer>
      )}
    </>
  );
}
