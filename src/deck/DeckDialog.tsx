/**
 * The deck editor (issue 16, item 6): the slides in order, each with its section, seed, step and the
 * settings in which it differs from the defaults; add the moment on screen or a pin, reorder, remove,
 * present from a slide, and carry the deck as a link or a file.
 */
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { useStore } from 'zustand';
import { useDeck } from './deck-store';
import { slideState, type Slide } from './deck';
import { addCurrentSlide, addPinSlide, deckLink, deckSections, exportDeckFile, importDeckFile, moveSlide, removeSlide, showSlide } from './deck-actions';
import { pinStore } from '../pins/pins';
import { availableSections } from '../article/sections';
import { setLecture } from '../article/navigation';
import { metaOf } from '../core/catalog';
import { defaultValues, describeValue, sameValue } from '../params/kinds';
import { downloadBlob } from '../export/capture';
import { fmtInt } from '../app/format';
import './deck.css';

function slideLabel(slide: Slide): string {
  const section = availableSections().find((s) => s.id === slide.section);
  const { state } = slideState(slide, deckSections);
  const schema = metaOf(state.experimentId)?.schema ?? {};
  const defaults = defaultValues(schema);
  const changed = Object.entries(schema)
    .filter(([k]) => !sameValue(state.params[k], defaults[k]))
    .map(([k, spec]) => `${spec.label}: ${describeValue(spec, state.params[k])}`);
  return [section?.title ?? slide.section, `seed ${state.seed}`, `step ${fmtInt(slide.step)}${slide.running ? ', then trains on' : ', paused'}`, ...changed].join(' · ');
}

export function DeckDialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement | null>(null);
  const slides = useDeck((s) => s.slides);
  const current = useDeck((s) => s.current);
  const pins = useStore(pinStore, (s) => s.pins);
  const [message, setMessage] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const link = deckLink();
  const say = (problem: string | null) => setMessage(problem);
  const onImport = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    const problems = importDeckFile(await file.text());
    setMessage(problems.length > 0 ? `Imported with problems: ${problems.join('; ')}` : `Imported ${file.name}.`);
  };
  const present = (index: number) => {
    ref.current?.close();
    setLecture(true);
    void showSlide(index);
  };
  return (
    <dialog ref={ref} className="deck-dialog" aria-labelledby="deck-title" onClose={onClose} data-testid="deck-dialog">
      <h2 id="deck-title">Lecturer’s deck</h2>
      <p className="hint">
        Each slide is a section with its seed and settings at a step. Presenting (lecture mode, Page Down / Page Up)
        replays each slide’s run to its step, exactly, and goes on from there.
      </p>
      {slides.length === 0 ? (
        <p data-testid="deck-empty">No slides yet: set up a moment and add it, or add a pin.</p>
      ) : (
        <ol className="deck-slides" data-testid="deck-slides">
          {slides.map((slide, i) => (
            <li key={i} className={current === i ? 'deck-current' : undefined} data-testid="deck-slide">
              <span className="deck-label">
                {i + 1}. {slideLabel(slide)}
              </span>
              <span className="deck-slide-buttons">
                <button type="button" onClick={() => present(i)} title="Present from this slide">
                  Show
                </button>
                <button type="button" onClick={() => moveSlide(i, -1)} disabled={i === 0} aria-label={`Move slide ${i + 1} up`}>
                  ↑
                </button>
                <button type="button" onClick={() => moveSlide(i, 1)} disabled={i === slides.length - 1} aria-label={`Move slide ${i + 1} down`}>
                  ↓
                </button>
                <button type="button" onClick={() => removeSlide(i)} aria-label={`Remove slide ${i + 1}`}>
                  ×
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
      <div className="deck-buttons">
        <button type="button" onClick={() => say(addCurrentSlide())} data-testid="deck-add">
          Add this moment
        </button>
        {pins.map((p, i) => (
          <button key={p.id} type="button" onClick={() => say(addPinSlide(p))}>
            Add pin {i + 1} ({metaOf(p.experimentId)?.title ?? p.experimentId}, step {fmtInt(p.step)})
          </button>
        ))}
      </div>
      <div className="deck-buttons">
        <button type="button" onClick={() => present(0)} disabled={slides.length === 0} data-testid="deck-present">
          Present from slide 1
        </button>
        <button
          type="button"
          disabled={!link}
          data-testid="deck-copy-link"
          data-url={link ?? ''}
          onClick={() => {
            if (!link) return;
            void navigator.clipboard?.writeText(link).then(
              () => setCopied(true),
              () => setCopied(false),
            );
            setTimeout(() => setCopied(false), 1500);
          }}
        >
          {copied ? 'Copied ✓' : 'Copy deck link'}
        </button>
        <button type="button" disabled={slides.length === 0} onClick={() => downloadBlob(new Blob([exportDeckFile()], { type: 'application/json' }), 'deck.json')}>
          Export file
        </button>
        <label className="deck-import">
          Import file <input type="file" accept="application/json,.json" onChange={(e) => void onImport(e)} data-testid="deck-import" />
        </label>
      </div>
      {slides.length > 0 && !link && <p className="hint">This deck is too long for a link: export it as a file.</p>}
      {message && (
        <p className="hint" role="status">
          {message}
        </p>
      )}
      <button type="button" onClick={() => ref.current?.close()} autoFocus>
        Close
      </button>
    </dialog>
  );
}
