/**
 * The one layout every panel uses ("one claim, one figure, one screen"): the claim in a sentence or
 * two, the hero figure (the one that shows the claim) beside the one to three controls the claim is
 * about, and everything else (secondary figures, presets, every other setting) behind one "More"
 * disclosure. Which figure is the hero and which controls are key comes from the experiment's
 * contract, or from the article's section when it names its own. In the article the section's prose
 * sits beside the stage (wide screens: a column the stage stays pinned next to; phones: under the
 * pinned hero). The CSS in shell.css sizes the hero's box per mode; the figure is drawn to that box.
 */
import './shell.css';
import { useContext, useEffect, useState, type ReactNode } from 'react';
import { useApp } from '../../store/store';
import { setParam, showFigures } from '../../store/actions';
import { ParamGroup } from '../../controls/ParamGroup';
import type { ContractOf, ExperimentId } from '../../core/contracts';
import { metaOf } from '../../core/catalog';
import type { FigureOf } from '../../core/contract';
import { useFrame } from '../../store/use-frame';
import { usePage } from '../../article/navigation';
import { SECTIONS, type SectionSpec } from '../../article/sections';
import { TryButtons } from '../../article/Try';
import { RunStopped } from './RunStopped';
import { WorkerPlaceholder } from './WorkerPlaceholder';
import { PresetBar } from './PresetBar';
import { applyContractPreset } from './presets';
import { ProseSlot } from './prose-slot';
import { ChangeNote } from './ChangeNote';
import { useBox, type Box } from './useBox';
import { PinScope } from '../../pins/usePinnedGhosts';
import { PinBar } from '../../pins/PinBar';

export type { Box } from './useBox';

/** One figure of a panel: its heading and a drawing sized to the box it is given. */
export interface FigureSpec {
  title: ReactNode;
  render: (box: Box) => ReactNode;
  /** What to look at, under the figure. */
  caption?: ReactNode;
}

export type FigureMap<K extends ExperimentId> = { [F in FigureOf<ContractOf<K>>]: FigureSpec };

export interface PanelShellProps<K extends ExperimentId> {
  id: K;
  title: string;
  /** The claim, in one or two sentences. */
  claim: ReactNode;
  /** Every figure the contract lists, drawn from the current frame; null before the first one. */
  figures: FigureMap<K> | null;
  /** Parameter keys hidden through the URL. */
  hidden: ReadonlySet<string>;
  /** The figure's answer in words ("Best arm found? No: …"), shown with the key controls. */
  verdict?: ReactNode;
  /** Readouts and actions that go with the hero, under its key controls (they must not push them off screen). */
  readouts?: ReactNode;
  /** Replaces the default stopped-run alert (e.g. a unit other than "step"). */
  alert?: ReactNode;
  /** Readouts, formulas and explanations, behind "More" after the secondary figures. */
  more?: ReactNode;
  /** What one step is called in this experiment, for the stopped-run alert. */
  stepUnit?: string;
}

function currentSection(id: string, sectionId: string | null): SectionSpec | null {
  const s = SECTIONS.find((x) => x.id === sectionId);
  return s && s.experiment === id ? s : null;
}

export function PanelShell<K extends ExperimentId>({ id, title, claim, figures, hidden, verdict, readouts, alert, more, stepUnit }: PanelShellProps<K>) {
  // The untyped view of the contract (layout, schema, presets); figure names stay typed by K.
  const contract = metaOf(id)!;
  const params = useApp((s) => s.params);
  const phase = useApp((s) => s.phase);
  const snapshot = useFrame(id);
  const sectionId = usePage((s) => s.sectionId);
  const lecture = usePage((s) => s.lecture);
  const prose = useContext(ProseSlot);
  const section = currentSection(id, sectionId);
  const figureNames = contract.layout.figures as readonly FigureOf<ContractOf<K>>[];
  const wanted = section?.hero as FigureOf<ContractOf<K>> | undefined;
  const hero = wanted && figureNames.includes(wanted) ? wanted : (contract.layout.hero as FigureOf<ContractOf<K>>);
  const keys = (section?.keys ?? contract.layout.keyControls).filter((k) => k in contract.schema && !hidden.has(k)).slice(0, 3);
  const schemaKeys = Object.keys(contract.schema);
  const hideAllBut = (shown: readonly string[]) => new Set(schemaKeys.filter((k) => !shown.includes(k) || hidden.has(k)));
  const restKeys = schemaKeys.filter((k) => !keys.includes(k));
  const [heroRef, heroBox] = useBox<HTMLDivElement>({ width: 480, height: 320 });
  const [moreRef, moreBox] = useBox<HTMLDivElement>({ width: 480, height: 320 });
  const [open, setOpen] = useState(false);
  const diverged = snapshot?.diverged ?? null;
  const onChange = (k: string, v: unknown) => void setParam(k, v);
  const disabled = phase === 'booting';
  const others = figureNames.filter((f) => f !== hero);
  // Secondary figures share the disclosure's width two to a row where there is room. They are drawn
  // only while it is open: closed, every frame would still redraw charts nobody sees, and the hero's
  // refresh rate pays for it (opening re-renders at once from the current frame).
  const cardWidth = moreBox.width >= 760 ? Math.floor(moreBox.width / 2) - 12 : moreBox.width;
  const cardBox = { width: cardWidth, height: Math.round(Math.min(340, Math.max(200, cardWidth * 0.62))) };

  // The worker computes what only hidden figures need (e.g. the unit maps) only while they are shown.
  const ready = phase === 'ready';
  const shownKey = open ? figureNames.join(',') : hero;
  useEffect(() => {
    if (ready) void showFigures(shownKey.split(','));
  }, [ready, shownKey]);

  // A try-this link or a search for a control hidden behind "More" opens it (see article/Try.tsx).
  useEffect(() => {
    const openMore = () => setOpen(true);
    window.addEventListener('gb-open-more', openMore);
    return () => window.removeEventListener('gb-open-more', openMore);
  }, []);

  const heroSpec = figures?.[hero];
  return (
    <section className={`panel shell${prose && !lecture ? ' shell-with-prose' : ''}`} aria-labelledby={`${id}-title`} data-testid={`panel-${id}`}>
      <header className="panel-head shell-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <p className="shell-claim" data-testid="claim">
          {section?.claim ?? claim}
        </p>
      </header>
      {alert ?? (diverged && <RunStopped diverged={diverged} unit={stepUnit} />)}
      <div className="shell-grid">
        <div className="shell-main">
        <div className="shell-stage">
          <figure className="shell-hero" data-testid="hero-figure" data-figure={hero}>
            <figcaption className="shell-hero-title">
              <h3>{heroSpec?.title ?? ''}</h3>
              <ChangeNote />
            </figcaption>
            <div className="shell-hero-box" ref={heroRef}>
              <PinScope.Provider value={{ experimentId: id, figure: hero }}>{heroSpec ? heroSpec.render(heroBox) : <WorkerPlaceholder phase={phase} />}</PinScope.Provider>
            </div>
            {heroSpec?.caption && <p className="shell-caption">{heroSpec.caption}</p>}
          </figure>
          <div className="shell-keys" data-testid="key-controls">
            {verdict && <div className="shell-verdict">{verdict}</div>}
            {keys.length > 0 && (
              <div className="controls" role="group" aria-label={`${contract.title}: key settings`}>
                <ParamGroup schema={contract.schema} values={params} onChange={onChange} hidden={hideAllBut(keys)} disabled={disabled} />
              </div>
            )}
            {readouts && <div className="shell-readouts">{readouts}</div>}
            {/* Last in the column: the hero's box and the key controls keep the room the layout gives them. */}
            <PinBar experimentId={id} />
          </div>
        </div>
        {prose && !lecture && <div className="shell-prose">{prose}</div>}
        </div>
        {/* Lecture mode: the try-this states as buttons in one row beside "More", always on screen. */}
        {lecture && section && <TryButtons section={section} />}
        <details className="shell-more" open={open} onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="more">
          <summary>
            More: {others.length > 0 ? `${others.length} more figure${others.length === 1 ? '' : 's'}, ` : ''}all settings
            {contract.presets.length > 0 ? ', presets' : ''}
          </summary>
          <div className="shell-more-body" ref={moreRef}>
            {contract.presets.length > 0 && (
              <PresetBar prefix="shell" presets={contract.presets} disabled={phase !== 'ready'} onApply={(p) => void applyContractPreset(contract.schema, p, params)} />
            )}
            {open && figures && others.length > 0 && (
              <div className="shell-figures">
                {others.map((name) => (
                  <figure key={name} className="shell-card" data-figure={name}>
                    <h3>{figures[name].title}</h3>
                    <PinScope.Provider value={{ experimentId: id, figure: name }}>{figures[name].render(cardBox)}</PinScope.Provider>
                    {figures[name].caption && <p className="shell-caption">{figures[name].caption}</p>}
                  </figure>
                ))}
              </div>
            )}
            {more}
            <div className="controls shell-all-settings" role="group" aria-label={`${contract.title}: all settings`}>
              <ParamGroup schema={contract.schema} values={params} onChange={onChange} hidden={hideAllBut(restKeys)} disabled={disabled} />
            </div>
          </div>
        </details>
      </div>
    </section>
  );
}
