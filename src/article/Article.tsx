import { lazy, Suspense, useEffect, useRef, type ReactNode } from 'react';
import { useApp } from '../store/store';
import { goToSection, usePage } from './navigation';
import { availableSections, describeSettings, type SectionSpec } from './sections';
import { SectionContext } from './Try';
import { ProseSlot } from '../panels/common/prose-slot';

const Prose = lazy(() => import('./prose'));

function SectionLink({ section, children, className, title }: { section: SectionSpec; children: ReactNode; className?: string; title?: string }) {
  const current = usePage((s) => s.sectionId) === section.id;
  return (
    <a
      href={`?${section.experiment === 'baseline' ? '' : `exp=${section.experiment}&`}section=${section.id}`}
      className={className}
      title={title}
      aria-current={current ? 'page' : undefined}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        void goToSection(section.id);
      }}
    >
      {children}
    </a>
  );
}

/** Is this heading drawn in the panel of its section's experiment (the shell draws the prose, its heading included)? */
function inItsPanel(h: HTMLElement, section: SectionSpec | null | undefined): boolean {
  const panel = h.closest('[data-testid^="panel-"]');
  return section != null && (panel === null || panel.getAttribute('data-testid') === `panel-${section.experiment}`);
}

/** Put the focus on a section's heading, scrolling it into view only if it is above the screen. */
function focusHeading(h: HTMLElement): void {
  h.focus({ preventScroll: true });
  if (h.getBoundingClientRect().top < 0) h.scrollIntoView({ block: 'start' });
}

/**
 * The table of contents: every section the page can run, numbered as the 1–9 keys jump. One row of
 * numbers with the current section's title spelled out (the others' titles are their accessible names
 * and tooltips), so the section's figure starts near the top of the first screen.
 */
function Contents({ sections }: { sections: SectionSpec[] }) {
  const listRef = useRef<HTMLOListElement | null>(null);
  const sectionId = usePage((s) => s.sectionId);
  // On phones the list is one scrolling row: keep the current section in view.
  useEffect(() => {
    const list = listRef.current;
    const link = list?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!list || !link || list.scrollWidth <= list.clientWidth) return;
    list.scrollLeft = Math.max(0, link.offsetLeft - 24);
  }, [sectionId]);
  return (
    <nav className="toc" aria-label="Sections">
      <h2 className="toc-title">Contents</h2>
      <ol ref={listRef}>
        {sections.map((s) => (
          <li key={s.id}>
            <SectionLink section={s} title={s.title}>
              <span className="toc-text">{s.title}</span>
            </SectionLink>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** "Now: Batch size: 32 · Optimiser: adam", from the store, so it never disagrees with the sliders. */
function LiveSettings({ section }: { section: SectionSpec }) {
  const params = useApp((s) => s.params);
  const experimentId = useApp((s) => s.experimentId);
  const seed = useApp((s) => s.seed);
  if (experimentId !== section.experiment) return <p className="live-settings">Switching the live panel to this section’s experiment…</p>;
  const text = describeSettings(section, params);
  return (
    <p className="live-settings" data-testid="live-settings">
      <strong>Panel now:</strong> {text ? `${text} · ` : ''}seed {seed}
    </p>
  );
}

/**
 * The page as an article: contents, then the current section's prose beside (on phones above) the live
 * panel that tests its claim, then links to the neighbouring sections. `children` is the panel.
 */
export function Article({ children }: { children: ReactNode }) {
  const sections = availableSections();
  const sectionId = usePage((s) => s.sectionId);
  const hide = usePage((s) => s.hide);
  const lecture = usePage((s) => s.lecture);
  const index = sections.findIndex((s) => s.id === sectionId);
  const section = sections[index] ?? null;
  const shownId = useRef(sectionId);
  /** The section whose heading should take focus when it appears (its panel may still be loading). */
  const focusPending = useRef<string | null>(null);

  // A change of section moves focus to its heading (not the first one on load): keyboard and screen-reader
  // users land on the new text. The heading lives in the panel shell, which may mount a moment later
  // (a lazily loaded panel), so the focus waits for the heading to appear.
  useEffect(() => {
    const before = shownId.current;
    shownId.current = sectionId;
    if (before === null || before === sectionId) return;
    focusPending.current = sectionId;
    const h = document.getElementById('section-title');
    if (h && inItsPanel(h, sections.find((x) => x.id === sectionId))) {
      focusPending.current = null;
      focusHeading(h);
    }
  }, [sectionId, sections]);
  // The heading may first appear in the previous experiment's panel, still shown while the new one loads:
  // the focus waits for it in the panel of its own experiment.
  const headingRef = (h: HTMLHeadingElement | null) => {
    if (h && focusPending.current !== null && focusPending.current === sectionId && inItsPanel(h, section)) {
      focusPending.current = null;
      focusHeading(h);
    }
  };

  const showNav = !hide.has('nav') && !lecture;
  const showProse = section !== null && !hide.has('prose') && !lecture;
  const prev = index > 0 ? sections[index - 1] : undefined;
  const next = index >= 0 && index < sections.length - 1 ? sections[index + 1] : undefined;

  const prose =
    showProse && section ? (
      <article className="section-prose" aria-labelledby="section-title" data-testid="section-prose" data-section={section.id}>
        {index === 0 && (
          <p className="intro">
            Backpropagation assigns credit exactly, but only through smooth computations. This explorable follows an
            argument about what lies beyond it, one claim per section, each beside a small model that trains live in
            your browser to test it. Move any control and the run changes on its next step.
          </p>
        )}
        <p className="section-number">
          Section {index + 1} of {sections.length}
        </p>
        <h2 id="section-title" tabIndex={-1} ref={headingRef}>
          {section.title}
        </h2>
        <SectionContext.Provider value={section}>
          <Suspense fallback={<p className="placeholder">Loading the text…</p>}>
            <Prose id={section.id} />
          </Suspense>
        </SectionContext.Provider>
        <LiveSettings section={section} />
        <nav className="pager" aria-label="Previous and next section">
          {prev ? (
            <SectionLink section={prev} className="pager-prev">
              ← {prev.title}
            </SectionLink>
          ) : (
            <span />
          )}
          {next && (
            <SectionLink section={next} className="pager-next">
              {next.title} →
            </SectionLink>
          )}
        </nav>
      </article>
    ) : null;

  // The panel shell lays the prose out beside (or under) its hero: one parent, so the hero can stay pinned.
  return (
    <div className={`article${showProse ? '' : ' article-no-prose'}`}>
      {showNav && <Contents sections={sections} />}
      <ProseSlot.Provider value={prose}>
        <div className="section-panel" data-testid="section-panel" data-section={section?.id ?? ''}>
          {children}
        </div>
      </ProseSlot.Provider>
    </div>
  );
}
