/**
 * What kind of build this page is. `npm run test:e2e` and `npm run bench` build with `--mode test` and
 * `--mode bench`: those pages expose the test hooks (window.__gb) and keep training at full speed
 * unless a link asks for the experiments' own pacing (`pace=1`), as the suites were written against.
 * A production page (`npm run build`) has neither hook nor override; `npm run dev` has the hooks.
 */
export const TEST_BUILD = import.meta.env.MODE === 'test' || import.meta.env.MODE === 'bench';
export const HOOKS_EXPOSED = TEST_BUILD || import.meta.env.DEV;
