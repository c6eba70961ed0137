import { useApp } from '../store/store';
import { reset, stepOnce, togglePlay } from '../store/actions';
import { shareableQuery } from '../store/url-sync';
import { fmtInt } from '../app/format';
import { moveSection, setLecture, usePage } from './navigation';
import { availableSections } from './sections';
import { metaOf } from '../core/catalog';
import { TimelineScrubber } from '../app/TimelineScrubber';
import { DeckButton, SlideCounter } from '../deck/DeckButton';
import { useDeck } from '../deck/deck-store';
import { stepDeck } from '../deck/deck-actions';

function toggleFullscreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen();
  else void document.documentElement.requestFullscreen?.().catch(() => undefined);
}

/**
 * The one line of chrome in lecture mode and in an embedded panel: where we are, the transport and the
 * step count. Lecture mode adds section paging and the way out; an embed links to the full page.
 */
export function CompactBar({ onHelp }: { onHelp: () => void }) {
  const running = useApp((s) => s.running);
  const phase = useApp((s) => s.phase);
  const step = useApp((s) => s.frame?.snapshot.step ?? 0);
  const experimentId = useApp((s) => s.experimentId);
  const sectionId = usePage((s) => s.sectionId);
  const embed = usePage((s) => s.embed);
  const sections = availableSections();
  const index = sections.findIndex((s) => s.id === sectionId);
  const title = index >= 0 ? sections[index]!.title : (metaOf(experimentId)?.title ?? experimentId);
  const ready = phase === 'ready';
  // With a deck, the arrows (and Page Up / Page Down) move through its slides instead of the sections.
  const slides = useDeck((s) => s.slides.length);
  const slide = useDeck((s) => s.current);

  return (
    <header className="compact-bar" data-testid="compact-bar">
      <p className="compact-title">
        {!embed && index >= 0 && (
          <span className="compact-count">
            {index + 1}/{sections.length}
          </span>
        )}{' '}
        {title}
      </p>
      {!embed && (
        <div className="compact-group" role="group" aria-label="Sections">
          {slides > 0 ? (
            <>
              <button type="button" onClick={() => stepDeck(-1)} disabled={slide === 0} aria-label="Previous slide" title="Previous slide (Page Up)">
                ◀
              </button>
              <button type="button" onClick={() => stepDeck(1)} disabled={slide === slides - 1} aria-label="Next slide" title="Next slide (Page Down)">
                ▶
              </button>
              <SlideCounter />
            </>
          ) : (
            <>
              <button type="button" onClick={() => moveSection(-1)} disabled={index <= 0} aria-label="Previous section" title="Previous section (Page Up)">
                ◀
              </button>
              <button type="button" onClick={() => moveSection(1)} disabled={index < 0 || index >= sections.length - 1} aria-label="Next section" title="Next section (Page Down)">
                ▶
              </button>
            </>
          )}
        </div>
      )}
      <div className="compact-group" role="group" aria-label="Training">
        <button type="button" onClick={() => void togglePlay()} disabled={!ready} aria-pressed={running} data-testid="play">
          {running ? '❚❚ Pause' : '▶ Train'}
        </button>
        <button type="button" onClick={() => void stepOnce()} disabled={!ready} title="One step (pauses); key →">
          Step
        </button>
        <button type="button" onClick={() => void reset()} disabled={!ready} title="Back to step 0 with the same seed; key r">
          Reset
        </button>
        <span className="compact-step" data-testid="step-count" data-value={step} aria-live="off">
          step {fmtInt(step)}
        </span>
      </div>
      <div className="compact-group compact-end">
        {/* With the way out rather than the transport: the bar's first line keeps the section's title whole. */}
        <TimelineScrubber />
        {!embed && <DeckButton />}
        <button type="button" onClick={onHelp} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
          ?
        </button>
        <button type="button" onClick={toggleFullscreen} title="Full screen (f)">
          Full screen
        </button>
        {embed ? (
          <a href={`./?${shareableQuery()}`} target="_blank" rel="noopener noreferrer">
            Open the full explorable ↗
          </a>
        ) : (
          <button type="button" onClick={() => setLecture(false)} data-testid="lecture-exit" title="Back to the article (l)">
            Exit lecture mode
          </button>
        )}
      </div>
    </header>
  );
}
