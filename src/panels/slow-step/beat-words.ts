/**
 * What the slow-motion step shows at each beat, as numbers per unit and as a sentence: pure functions
 * of the trace (no DOM), so the figure and its words always agree.
 */
import { layerOffsets } from '../../core/mlp/network-frame';
import { largestMagnitude, norm, type StepBeat, type StepTrace } from '../../core/mlp/step-trace-frame';
import { fmt } from '../../app/format';

const ACT = (a: string) => ({ relu: 'ReLU', tanh: 'tanh', linear: 'identity' })[a] ?? a;

/**
 * The number shown on unit `index` of diagram row `row` at this beat, or null (not reached yet).
 * Rows are the diagram's: 0 the inputs, 1… hidden, last the output drawn as p(class 1), whose delta
 * and bias change are those of z₁ − z₀ (as the diagram's output edges are w·₁ − w·₀).
 */
export function unitValue(t: StepTrace, beat: StepBeat, row: number, index: number): number | null {
  const last = t.sizes.length - 1;
  if (beat.phase === 'forward' || beat.phase === 'loss') {
    if (beat.phase === 'forward' && row > beat.row) return null;
    const a = t.exampleActivation[row]!;
    return row === last ? a[1]! : a[index]!;
  }
  if (beat.phase === 'backward') {
    if (row < beat.row || row === 0) return null;
    const d = t.delta[row - 1]!;
    return row === last ? d[1]! : d[index]!;
  }
  if (row === 0) return null;
  const l = layerOffsets(t.sizes)[row - 1]!;
  const c = t.change;
  return row === last ? c[l.bOffset + 1]! - c[l.bOffset]! : c[l.bOffset + index]!;
}

/** What a row's numbers are, for the figure's key. */
export function valueKind(beat: StepBeat): string {
  if (beat.phase === 'forward' || beat.phase === 'loss') return 'numbers: example 1’s activation (output: p(class 1))';
  if (beat.phase === 'backward') return 'numbers: dL/dz, averaged over the minibatch; edges: dL/dw';
  return 'numbers: Δ of each unit’s bias; edges: the new weights';
}

/**
 * The flat vector whose values the diagram's edges show at this beat: the weights before the step in
 * the forward pass and the loss, the gradient for the layers the backward pass has reached (zero,
 * drawn faint, for the rest), the weights after it at the update.
 */
export function edgeValues(t: StepTrace, beat: StepBeat): Float32Array {
  if (beat.phase === 'forward' || beat.phase === 'loss') return t.before;
  if (beat.phase === 'update') return t.after;
  const out = new Float32Array(t.gradient.length);
  layerOffsets(t.sizes).forEach((l, k) => {
    // Weight layer k feeds row k + 1: reached once the backward pass is at that row or before it.
    if (k + 1 >= beat.row) out.set(t.gradient.subarray(l.wOffset, l.bOffset + l.outputs), l.wOffset);
  });
  return out;
}

function exampleWords(t: StepTrace): string {
  return `example 1 of the ${t.batch}-point minibatch, class ${t.batchLabel[0]}, at x = (${fmt(t.batchX[0])}, ${fmt(t.batchX[1])})`;
}

/** The sentence for a beat, with its numbers. */
export function beatWords(t: StepTrace, beat: StepBeat): string {
  const last = t.sizes.length - 1;
  if (beat.phase === 'forward') {
    if (beat.row === 0) return `Forward pass. The minibatch of ${t.batch} points goes in; the numbers follow ${exampleWords(t)}.`;
    if (beat.row === last) {
      const p = t.exampleActivation[last]!;
      return `Output: softmax of the last layer's z. For example 1, p(class 1) = ${fmt(p[1])}; over the minibatch it averages ${fmt(t.meanActivation[last]![1])}.`;
    }
    const a = t.exampleActivation[beat.row]!;
    const on = a.reduce((n, v) => n + (v > 0 ? 1 : 0), 0);
    const mean = t.meanActivation[beat.row]!.reduce((s, v) => s + v, 0) / a.length;
    const act = ACT(t.activation);
    return `Layer ${beat.row}: each unit computes z = w·a + b from the row above, then a = ${act}(z). For example 1, ${on} of ${a.length} units are positive; the mean activation over the minibatch is ${fmt(mean)}.`;
  }
  if (beat.phase === 'loss') {
    const p = t.exampleActivation[last]![t.batchLabel[0]!]!;
    return `Loss: the mean cross-entropy −log p(true class) over the ${t.batch} points is ${fmt(t.loss, 4)} (example 1 alone: −log ${fmt(p)} = ${fmt(t.exampleLoss)}).`;
  }
  if (beat.phase === 'backward') {
    const d = t.delta[beat.row - 1]!;
    const big = largestMagnitude(d);
    const l = layerOffsets(t.sizes)[beat.row - 1]!;
    const gw = norm(t.gradient.subarray(l.wOffset, l.bOffset + l.outputs));
    if (beat.row === last) {
      return `Backward pass, from the output: dL/dz = (p − y)/B for each example, summed: ${fmt(d[1])} for class 1's logit. The gradient of the weights into the output has norm ${fmt(gw)}.`;
    }
    return `Back to layer ${beat.row}: dL/dz = (Wᵀ · dL/dz of the layer below) × ${ACT(t.activation)}′(z), averaged over the minibatch. Largest |dL/dz|: unit ${big.index + 1}, ${fmt(big.value)}; the gradient of this layer's incoming weights has norm ${fmt(gw)}.`;
  }
  const big = largestMagnitude(t.change);
  const where = describeWeight(t, big.index);
  const rule = t.optimizer === 'sgd' ? `θ ← θ − ${fmt(t.learningRate)} · g` : `${t.optimizer} (learning rate ${fmt(t.learningRate)}, β ${fmt(t.beta)}) turns g into the step`;
  return `Update: ${rule}. |g| = ${fmt(norm(t.gradient))}, |Δθ| = ${fmt(norm(t.change))}. Largest change: ${where}, ${fmt(t.before[big.index], 4)} → ${fmt(t.after[big.index], 4)} (Δ ${fmt(big.value)}). This is step ${t.step}.`;
}

/** "the weight from layer 1 unit 3 to layer 2 unit 7" or "the bias of layer 2 unit 4", for a flat index. */
export function describeWeight(t: StepTrace, index: number): string {
  const offsets = layerOffsets(t.sizes);
  const last = t.sizes.length - 1;
  const name = (row: number, unit: number) => (row === 0 ? `input x${unit + 1}` : row === last ? `output ${unit}` : `layer ${row} unit ${unit + 1}`);
  for (let k = 0; k < offsets.length; k++) {
    const l = offsets[k]!;
    if (index < l.bOffset) {
      const i = Math.floor((index - l.wOffset) / l.outputs);
      const j = (index - l.wOffset) % l.outputs;
      return `the weight from ${name(k, i)} to ${name(k + 1, j)}`;
    }
    if (index < l.bOffset + l.outputs) return `the bias of ${name(k + 1, index - l.bOffset)}`;
  }
  return `parameter ${index}`;
}
