/**
 * Which panel draws which experiment. Adding an experiment's panel: one line here (and one entry in
 * src/core/catalog.ts so the page knows its schema).
 */
import type { ComponentType } from 'react';
import { BaselinePanel } from './BaselinePanel';
import { ReplayTimelinePanel } from './ReplayTimelinePanel';
import { HippocampusPanel } from './HippocampusPanel';
import { GradientVariancePanel } from './GradientVariancePanel';

export interface PanelProps {
  /** Parameter keys hidden through the URL (`hide=a,b`). */
  hidden: ReadonlySet<string>;
}

export const panels: Record<string, ComponentType<PanelProps>> = {
  baseline: BaselinePanel,
  'bptt-memory': ReplayTimelinePanel,
  'place-replay': HippocampusPanel,
  'gradient-variance': GradientVariancePanel,
};
