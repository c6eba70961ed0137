/**
 * Binary latents (issues 3 and 7): training steps per second of the discrete VAE on wasm, per method.
 * Each probe runs ten training steps of a scratch model (16 latents, 4 × 4 images, 32 images × 4
 * samples per step) in the worker and reads the losses back once; steps/s = 10 / its median time.
 * Also the page's own rate with the default race (main run + 3 racers) and with no race.
 */
import type { BenchContext } from './run';
import { stepsPerSecond } from './workloads';

const METHODS = ['wake-sleep', 'score-moving-average', 'rloo', 'disarm', 'arm', 'straight-through', 'concrete', 'st-gumbel', 'score'];
const QUERY = 'exp=binary-latents&backend=wasm';
const NO_RACE = 'raceWakeSleep=false&raceReinforce=false&raceGumbel=false';

export async function binaryLatentsSection({ browser, url }: BenchContext) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`${url}/?${QUERY}&${NO_RACE}`);
  await page.getByTestId('panel-binary-latents').getByRole('heading', { name: /This run/ }).waitFor({ timeout: 60_000 });
  const perMethod: { method: string; medianMsPer10Steps: number; stepsPerSecond: number }[] = [];
  for (const method of METHODS) {
    // One warm-up call builds the scratch model and compiles the kernels.
    await page.evaluate(`window.__gb.timeProbe('train:${method}', 1)`);
    const ms = (await page.evaluate(`window.__gb.timeProbe('train:${method}', 5)`)) as number;
    perMethod.push({ method, medianMsPer10Steps: Math.round(ms * 10) / 10, stepsPerSecond: Math.round(10000 / ms) });
  }
  await page.close();
  const pageDefault = await stepsPerSecond(browser, url, QUERY);
  const pageNoRace = await stepsPerSecond(browser, url, `${QUERY}&${NO_RACE}`);
  const json = { workload: '16 latents, 4×4 bars-and-stripes, 32 images × 4 samples per step, Adam', perMethod, pageDefault, pageNoRace };
  const rows: [string, string][] = perMethod.map((m) => [`binary latents ${m.method} (wasm)`, `${m.stepsPerSecond} steps/s (${m.medianMsPer10Steps} ms per 10 steps)`]);
  rows.push(['binary latents page, main + 3 racers (wasm)', `${pageDefault.stepsPerSecond} steps/s`]);
  rows.push(['binary latents page, no race (wasm)', `${pageNoRace.stepsPerSecond} steps/s`]);
  return { json, rows };
}
