/**
 * Which panel draws which experiment. Adding an experiment's panel: one line here (and one entry in
 * src/core/catalog.ts so the page knows its schema). Panels other than the default load on demand,
 * so the first trained frame waits only for the code it draws (KaTeX, for one, comes with its panel).
 */
import { lazy, type ComponentType } from 'react';
import { BaselinePanel } from './BaselinePanel';
import type { PanelProps } from './panel-props';

export type { PanelProps } from './panel-props';

export const panels: Record<string, ComponentType<PanelProps>> = {
  baseline: BaselinePanel,
  'bptt-memory': lazy(() => import('./ReplayTimelinePanel').then((m) => ({ default: m.ReplayTimelinePanel }))),
  'place-replay': lazy(() => import('./HippocampusPanel').then((m) => ({ default: m.HippocampusPanel }))),
  'gradient-variance': lazy(() => import('./GradientVariancePanel').then((m) => ({ default: m.GradientVariancePanel }))),
  'loss-surface': lazy(() => import('./LossSurfacePanel').then((m) => ({ default: m.LossSurfacePanel }))),
  'binary-latents': lazy(() => import('./BinaryLatentsPanel').then((m) => ({ default: m.BinaryLatentsPanel }))),
  'learned-proxy': lazy(() => import('./LearnedProxyPanel').then((m) => ({ default: m.LearnedProxyPanel }))),
  'policy-entropy': lazy(() => import('./PolicyEntropyPanel').then((m) => ({ default: m.PolicyEntropyPanel }))),
  'fatal-state': lazy(() => import('./FatalStatePanel').then((m) => ({ default: m.FatalStatePanel }))),
  'sparse-credit': lazy(() => import('./SparseCreditPanel').then((m) => ({ default: m.SparseCreditPanel }))),
  'mixture-density': lazy(() => import('./MixtureDensityPanel').then((m) => ({ default: m.MixtureDensityPanel }))),
  'internal-models': lazy(() => import('./InternalModelsPanel').then((m) => ({ default: m.InternalModelsPanel }))),
};

