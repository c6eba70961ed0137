/**
 * The page's state, as a vanilla zustand store: the bridge and the URL subscriber drive it without
 * hooks; React components read it through `useApp`. What the user set (experiment, seed, backend,
 * params, speed) lives here and survives worker restarts and backend switches.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { AnyParamValues, ParamProblem } from '../params/kinds';
import type { BackendChoice } from '../params/url';
import type { Frame } from '../shared/frame';
import type { BackendReport } from '../worker/backends';
import { DEFAULT_SPEED_INDEX } from '../shared/speed';

export interface Notice {
  id: number;
  tone: 'info' | 'warning' | 'error';
  title: string;
  items: string[];
}

export type WorkerPhase = 'booting' | 'ready' | 'failed';

export interface AppState {
  experimentId: string;
  seed: number;
  backendChoice: BackendChoice;
  params: AnyParamValues;
  running: boolean;
  /** The transport's speed for the experiment shown now. */
  speedIndex: number;
  /** The speed the reader chose for each experiment they have visited: a choice never leaks into another section. */
  speedByExperiment: Record<string, number>;
  phase: WorkerPhase;
  backend: BackendReport | null;
  frame: Frame | null;
  workerError: string | null;
  notices: Notice[];
  /** The last setting changed and when, so the figure can say what just changed (ChangeNote). */
  lastChange: { text: string; at: number } | null;
}

export const appStore = createStore<AppState>()(() => ({
  experimentId: 'baseline',
  seed: 1,
  backendChoice: 'auto',
  params: {},
  running: true,
  speedIndex: DEFAULT_SPEED_INDEX,
  speedByExperiment: {},
  phase: 'booting',
  backend: null,
  frame: null,
  workerError: null,
  notices: [],
  lastChange: null,
}));

export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(appStore, selector);
}

let nextNoticeId = 1;

export function pushNotice(tone: Notice['tone'], title: string, items: string[] = []): void {
  const notice = { id: nextNoticeId++, tone, title, items };
  appStore.setState((s) => ({ notices: [...s.notices.filter((n) => n.title !== title), notice] }));
}

export function dismissNotice(id: number): void {
  appStore.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

export function describeProblems(problems: ParamProblem[]): string[] {
  return problems.map((p) => `${p.key} = “${p.given}”: ${p.reason} (using ${p.used})`);
}

/** How long the figure says what just changed. */
const CHANGE_NOTE_MS = 6000;
let changeTimer = 0;

/** Say in the figure what just changed ("Activation: linear"), from a control or a try-this link, for a few seconds. */
export function noteChange(text: string): void {
  const lastChange = { text, at: performance.now() };
  appStore.setState({ lastChange });
  window.clearTimeout(changeTimer);
  changeTimer = window.setTimeout(() => {
    if (appStore.getState().lastChange === lastChange) appStore.setState({ lastChange: null });
  }, CHANGE_NOTE_MS);
}
