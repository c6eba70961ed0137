/**
 * Binary latents (issues 3 and 7): a discrete VAE / Helmholtz machine on seeded bars-and-stripes
 * images. The main run trains with the selected method, switchable between steps without losing the
 * weights; a race trains one copy per selected method from the same seed, side by side. Every
 * EVAL_EVERY steps each model is evaluated on held-out images: the negative ELBO and the
 * importance-sampled −log p(x) with K samples. Per slice of steps, all losses and evaluations are
 * read back with one read; a non-finite value stops the run (or that racer) at the step it appeared.
 */
import * as tf from '@tensorflow/tfjs-core';
import { implement, type Experiment, type Run, type RunCheckpoint, type SetParamsResult, type Snapshot, type StepResult } from '../experiment';
import { applyPartial } from '../../params/apply';
import type { ParamValues } from '../../params/kinds';
import { createRng, deriveSeed } from '../rng';
import { History } from '../history';
import { barsAndStripes, type BinaryImages } from '../estimators/model/bars-and-stripes';
import { EstimatorError } from '../estimators/types';
import { Trainer } from '../latent/trainer';
import { optimizerEntries, restoreOptimizer, restoreRngs, rngEntries } from '../weights-checkpoint';
import { LATENT_METHODS, LATENT_METHOD_LABELS, RACE_KEYS, barsAndStripesEntropy, latentMemoryReason, type LatentMethod } from '../latent/methods';
import { binaryLatentsContract, binaryLatentsMeta, binaryLatentsSchema, type BinaryLatentsFrame, type BinaryLatentsSchema, type EvalCurve } from './binary-latents.schema';

type Params = ParamValues<BinaryLatentsSchema>;

export const TRAIN_IMAGES = 512;
export const TEST_IMAGES = 64;
/** Test images drawn as pictures (and offered to the inverse-model view). */
export const SHOWN_IMAGES = 12;
export const EVAL_EVERY = 20;

interface Pending {
  trainer: Trainer;
  step: number;
  /** Offset of [negElbo, nll] in the slice's read-back. */
  offset: number;
}

class BinaryLatentsRun implements Run<BinaryLatentsFrame> {
  private train!: BinaryImages;
  private test!: BinaryImages;
  private trainX!: tf.Tensor2D;
  private testX!: tf.Tensor2D;
  private shownX!: tf.Tensor2D;
  private main!: Trainer;
  private racers: Trainer[] = [];
  private losses = new History(['loss'], 1, 1024);
  private events: { step: number; text: string }[] = [];
  private refused: string | null = null;
  private diverged: { step: number; reason: string; lastGoodStep?: number } | null = null;
  private goodWeights: { step: number; weights: tf.Tensor1D } | null = null;
  private probeModels = new Map<string, { trainer: Trainer; x: tf.Tensor2D }>();

  constructor(private readonly seed: number, private values: Params) {
    this.build();
  }

  private get pixels(): number {
    return this.values.side * this.values.side;
  }

  private build(): void {
    this.disposeModels();
    const { side, latents, method } = this.values;
    this.train = barsAndStripes(TRAIN_IMAGES, side, createRng(deriveSeed(this.seed, 'train-images')));
    this.test = barsAndStripes(TEST_IMAGES, side, createRng(deriveSeed(this.seed, 'test-images')));
    this.trainX = tf.tensor2d(this.train.x, [TRAIN_IMAGES, this.pixels]);
    this.testX = tf.tensor2d(this.test.x, [TEST_IMAGES, this.pixels]);
    this.shownX = tf.slice(this.testX, [0, 0], [SHOWN_IMAGES, -1]);
    this.main = new Trainer(method as LatentMethod, this.pixels, latents, this.seed, EVAL_EVERY);
    this.racers = LATENT_METHODS.filter((m) => this.values[RACE_KEYS[m]]).map((m) => new Trainer(m, this.pixels, latents, this.seed, EVAL_EVERY));
    this.losses.clear();
    this.events = [];
    this.diverged = null;
    this.checkMemory();
  }

  private checkMemory(): void {
    const { latents, evalSamples, batch, samples } = this.values;
    this.refused =
      latentMemoryReason('Importance-sampled evaluation', TEST_IMAGES * evalSamples, latents, this.pixels) ??
      latentMemoryReason('Training batch', batch * samples, latents, this.pixels);
  }

  private disposeModels(): void {
    if (!this.main) return;
    this.main.dispose();
    this.racers.forEach((r) => r.dispose());
    this.racers = [];
    tf.dispose([this.trainX, this.testX, this.shownX]);
    this.goodWeights?.weights.dispose();
    this.goodWeights = null;
    for (const p of this.probeModels.values()) {
      p.trainer.dispose();
      p.x.dispose();
    }
    this.probeModels.clear();
  }

  params() {
    return { ...this.values };
  }

  private settings() {
    return { learningRate: this.values.learningRate, tau: this.values.tau, samples: this.values.samples };
  }

  /** One step of one trainer: its loss scalar, or null when its estimator refused (status says why). */
  private advance(t: Trainer): tf.Scalar | null {
    const batch = this.values.batch;
    const start = t.batches.int(TRAIN_IMAGES - batch + 1);
    try {
      const loss = tf.tidy(() => {
        const xb = tf.slice(this.trainX, [start, 0], [batch, -1]) as tf.Tensor2D;
        return t.model.trainStep(xb, t.estimator, t.noise, this.settings());
      });
      if (t.status.kind === 'refused') t.status = { kind: 'running' };
      t.steps++;
      return loss;
    } catch (e) {
      if (!(e instanceof EstimatorError)) throw e;
      t.status = { kind: 'refused', reason: e.message };
      return null;
    }
  }

  private evalSeed(): number {
    return deriveSeed(this.seed, 'evaluation');
  }

  async step(count: number): Promise<StepResult> {
    if (this.diverged) return { taken: 0, diverged: this.diverged };
    if (this.refused) return { taken: 0, diverged: null };
    const k = this.values.evalSamples;
    const trainers = () => [this.main, ...this.racers.filter((r) => r.active)];
    const pieces: tf.Tensor[] = [];
    let length = 0;
    const pending: Pending[] = [];
    const mainLosses: { step: number; offset: number }[] = [];
    const racerLosses: { trainer: Trainer; step: number; offset: number }[] = [];
    const add = (t: tf.Tensor) => {
      pieces.push(tf.reshape(t, [-1]));
      t.dispose();
      const at = length;
      length += t.size;
      return at;
    };
    const evaluate = (t: Trainer) => pending.push({ trainer: t, step: t.steps, offset: add(t.model.evaluate(this.testX, k, this.evalSeed())) });
    // The first slice also measures the untrained models, so every curve starts at step 0.
    for (const t of trainers()) if (t.steps === 0 && t.evals.length === 0) evaluate(t);
    this.goodWeights?.weights.dispose();
    this.goodWeights = { step: this.main.steps, weights: tf.clone(this.main.model.params) as tf.Tensor1D };
    let taken = 0;
    for (let i = 0; i < count; i++) {
      const loss = this.advance(this.main);
      if (!loss) break;
      mainLosses.push({ step: this.main.steps, offset: add(loss) });
      for (const r of this.racers) {
        if (!r.active) continue;
        const rl = this.advance(r);
        if (rl) racerLosses.push({ trainer: r, step: r.steps, offset: add(rl) });
      }
      taken++;
      for (const t of trainers()) if (t.steps % EVAL_EVERY === 0 && t.steps > 0) evaluate(t);
    }
    if (pieces.length === 0) return { taken, diverged: null };
    const all = tf.concat(pieces);
    tf.dispose(pieces);
    const values = (await all.data()) as Float32Array;
    all.dispose();
    const bad = (v: number) => !Number.isFinite(v);
    for (const r of racerLosses) {
      if (!r.trainer.active) continue;
      const v = values[r.offset]!;
      if (bad(v)) r.trainer.status = { kind: 'diverged', step: r.step, reason: `its loss became ${v} at step ${r.step}` };
    }
    let firstBad: number | null = null;
    for (const m of mainLosses) {
      const v = values[m.offset]!;
      if (bad(v)) {
        firstBad = m.step;
        break;
      }
      this.losses.push(m.step, [v]);
    }
    for (const p of pending) {
      const [negElbo, nll] = [values[p.offset]!, values[p.offset + 1]!];
      if (p.trainer === this.main && firstBad !== null && p.step >= firstBad) continue;
      if (p.trainer !== this.main && (bad(negElbo) || bad(nll))) {
        if (p.trainer.active) p.trainer.status = { kind: 'diverged', step: p.step, reason: `its evaluation became non-finite at step ${p.step}` };
        continue;
      }
      if (p.trainer === this.main && (bad(negElbo) || bad(nll))) {
        firstBad = p.step;
        continue;
      }
      p.trainer.evals.push(p.step, [negElbo, nll]);
    }
    if (firstBad !== null) {
      this.diverged = {
        step: firstBad,
        reason: `The negative ELBO became NaN or infinite at step ${firstBad} (method: ${LATENT_METHOD_LABELS[this.main.method]}). Lower the learning rate, or roll back.`,
        lastGoodStep: this.goodWeights.step,
      };
      return { taken: Math.max(0, firstBad - 1 - this.goodWeights.step), diverged: this.diverged };
    }
    return { taken, diverged: null };
  }

  rollback(): boolean {
    if (!this.diverged || !this.goodWeights) return false;
    this.main.model.load(this.goodWeights.weights);
    this.main.steps = this.goodWeights.step;
    this.events.push({ step: this.main.steps, text: `rolled back to step ${this.main.steps}` });
    this.diverged = null;
    return true;
  }

  setParams(partial: Record<string, unknown>): SetParamsResult {
    const { values, changed, result } = applyPartial(binaryLatentsSchema, this.values, partial);
    this.values = values;
    if (result.rebuilt) {
      this.build();
    } else {
      if (changed.includes('method')) {
        this.main.setMethod(this.values.method as LatentMethod);
        if (this.main.status.kind === 'refused') this.main.status = { kind: 'running' };
        this.events.push({ step: this.main.steps, text: `switched to ${LATENT_METHOD_LABELS[this.main.method]}` });
      }
      if (changed.includes('evalSamples')) this.events.push({ step: this.main.steps, text: `K set to ${this.values.evalSamples}` });
      if (changed.includes('samples') && this.main.status.kind === 'refused') this.main.status = { kind: 'running' };
      this.checkMemory();
    }
    return result;
  }

  async snapshot(): Promise<Snapshot<BinaryLatentsFrame>> {
    const { latents, side, probe, method } = this.values;
    const d = this.pixels;
    const g = SHOWN_IMAGES;
    const probeX = tf.slice(this.shownX, [probe, 0], [1, -1]);
    const pics = this.main.model.pictures(this.shownX, probeX, deriveSeed(this.seed, `pictures-${this.main.steps}`));
    probeX.dispose();
    const flat = (await pics.data()) as Float32Array;
    pics.dispose();
    let o = 0;
    const take = (n: number) => flat.slice(o, (o += n));
    const recon = take(g * d);
    const dreams = take(g * d);
    const qProbs = take(latents);
    const prior = take(latents);
    const probeRecon = take(d);
    const unitImages = take(latents * d);
    const evalsOf = (t: Trainer): EvalCurve => t.evals.toSnapshot();
    const mainStatus = this.main.status;
    const loss = this.losses.toSnapshot();
    return {
      experimentId: binaryLatentsMeta.id,
      step: this.main.steps,
      diverged: this.diverged,
      data: {
        method,
        latents,
        side,
        pixels: d,
        evalSamples: this.values.evalSamples,
        testImages: TEST_IMAGES,
        trainImages: TRAIN_IMAGES,
        evalEvery: EVAL_EVERY,
        dataEntropy: barsAndStripesEntropy(side),
        refused: this.refused,
        mainStatus: mainStatus.kind,
        mainReason: mainStatus.kind === 'refused' ? mainStatus.reason : null,
        curve: evalsOf(this.main),
        lossSteps: loss.steps,
        loss: loss.loss,
        events: this.events.map((e) => ({ step: e.step, text: e.text })),
        race: this.racers.map((r) => ({
            method: r.method,
            label: LATENT_METHOD_LABELS[r.method],
            status: r.status.kind,
            reason: r.status.kind === 'running' ? null : r.status.reason,
            stepsTaken: r.steps,
            ...evalsOf(r),
        })),
        images: this.test.x.slice(0, g * d),
        recon,
        dreams,
        probe,
        qProbs,
        prior,
        probeRecon,
        unitImages,
      },
    };
  }

  async metrics(): Promise<Record<string, number>> {
    const last = (t: Trainer) => {
      const s = t.evals.toSnapshot();
      const n = s.steps.length;
      return n > 0 ? [s.negElbo[n - 1]!, s.nll[n - 1]!] : [NaN, NaN];
    };
    const [negElbo, nll] = last(this.main);
    const out: Record<string, number> = { step: this.main.steps, negElbo: negElbo!, nll: nll!, dataEntropy: barsAndStripesEntropy(this.values.side) };
    for (const r of this.racers) {
      const [e, n] = last(r);
      out[`race.${r.method}.negElbo`] = e!;
      out[`race.${r.method}.nll`] = n!;
    }
    return out;
  }

  /** Ten training steps of a scratch model per method (the bench's steps/s), read back once. */
  get probes(): Record<string, () => Promise<Record<string, number>>> {
    return Object.fromEntries(
      LATENT_METHODS.map((m) => [
        `train:${m}`,
        async () => {
          let p = this.probeModels.get(m);
          if (!p) {
            p = { trainer: new Trainer(m, this.pixels, this.values.latents, this.seed, EVAL_EVERY), x: tf.slice(this.trainX, [0, 0], [this.values.batch, -1]) };
            this.probeModels.set(m, p);
          }
          const steps = 10;
          const losses: tf.Scalar[] = [];
          for (let i = 0; i < steps; i++) losses.push(p.trainer.model.trainStep(p.x, p.trainer.estimator, p.trainer.noise, this.settings()));
          const sum = tf.addN(losses);
          tf.dispose(losses);
          await sum.data();
          sum.dispose();
          return { steps, rows: this.values.batch * this.values.samples };
        },
      ]),
    );
  }

  private trainers(): [string, Trainer][] {
    return [['main', this.main], ...this.racers.map((r) => [`race.${r.method}`, r] as [string, Trainer])];
  }

  /** Weights, curves, and what the next steps depend on (Adam's moments, streams, estimator state). */
  async checkpoint(): Promise<RunCheckpoint> {
    const arrays: Record<string, Float32Array> = {};
    const numbers: Record<string, number> = {};
    for (const [name, t] of this.trainers()) {
      arrays[`${name}.weights`] = Float32Array.from(await t.model.params.data());
      const s = t.evals.toSnapshot();
      arrays[`${name}.evalSteps`] = s.steps;
      arrays[`${name}.negElbo`] = s.negElbo;
      arrays[`${name}.nll`] = s.nll;
      numbers[`${name}.steps`] = t.steps;
      const optimizer = await optimizerEntries(t.model.currentOptimizer, `${name}.optimizer`);
      Object.assign(arrays, optimizer.arrays);
      Object.assign(numbers, optimizer.numbers, rngEntries({ [`${name}.noise`]: t.noise, [`${name}.batches`]: t.batches }));
      const est = t.estimator ? await t.estimator.saveState() : { numbers: [], arrays: [] };
      est.arrays.forEach((a, i) => (arrays[`${name}.estimator.${i}`] = a));
      est.numbers.forEach((v, i) => (numbers[`${name}.estimator.n${i}`] = v));
      numbers[`${name}.estimator.arrays`] = est.arrays.length;
      numbers[`${name}.estimator.numbers`] = est.numbers.length;
    }
    const l = this.losses.toSnapshot();
    arrays.lossSteps = l.steps;
    arrays.loss = l.loss;
    return { step: this.main.steps, arrays, numbers };
  }

  restore(c: RunCheckpoint): void {
    for (const [name, t] of this.trainers()) {
      const w = c.arrays[`${name}.weights`];
      if (!w || w.length !== t.model.size) continue;
      t.model.load(w);
      restoreOptimizer(t.model.currentOptimizer, c, `${name}.optimizer`);
      restoreRngs({ [`${name}.noise`]: t.noise, [`${name}.batches`]: t.batches }, c);
      const arrays = Array.from({ length: c.numbers[`${name}.estimator.arrays`] ?? 0 }, (_, i) => c.arrays[`${name}.estimator.${i}`]);
      const nums = Array.from({ length: c.numbers[`${name}.estimator.numbers`] ?? 0 }, (_, i) => c.numbers[`${name}.estimator.n${i}`]);
      if (t.estimator && arrays.every((a) => a) && nums.every((v) => v !== undefined)) {
        t.estimator.loadState({ arrays: arrays as Float32Array[], numbers: nums as number[] });
      }
      t.steps = c.numbers[`${name}.steps`] ?? 0;
      t.evals.load(c.arrays[`${name}.evalSteps`] ?? [], [c.arrays[`${name}.negElbo`] ?? [], c.arrays[`${name}.nll`] ?? []]);
    }
    if (c.arrays.lossSteps && c.arrays.loss) this.losses.load(c.arrays.lossSteps, [c.arrays.loss]);
  }

  dispose(): void {
    this.disposeModels();
  }
}

export const binaryLatentsExperiment: Experiment<BinaryLatentsSchema, BinaryLatentsFrame> = implement(
  binaryLatentsContract,
  (seed, values) => new BinaryLatentsRun(seed, values),
);
