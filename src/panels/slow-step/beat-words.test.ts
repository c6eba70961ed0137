import { describe, expect, it } from 'vitest';
import { stepBeats, type StepTrace } from '../../core/mlp/step-trace-frame';
import { layerOffsets } from '../../core/mlp/network-frame';
import { beatWords, describeWeight, edgeValues, unitValue } from './beat-words';

/** A 2-3-2 trace whose every number is its own flat index (+ a tag), so a wrong slot shows. */
function fakeTrace(): StepTrace {
  const sizes = [2, 3, 2];
  const p = layerOffsets(sizes).reduce((n, l) => n + l.inputs * l.outputs + l.outputs, 0);
  const seq = (tag: number) => Float32Array.from({ length: p }, (_, k) => tag + k);
  return {
    step: 8, sizes, activation: 'relu', optimizer: 'sgd', learningRate: 0.1, beta: 0.9, batch: 2,
    batchX: Float32Array.from([0.5, -1, 1, 1]), batchLabel: Int32Array.from([1, 0]),
    meanActivation: [Float32Array.from([0.75, 0]), Float32Array.from([1, 0, 2]), Float32Array.from([0.4, 0.6])],
    exampleActivation: [Float32Array.from([0.5, -1]), Float32Array.from([3, 0, 1]), Float32Array.from([0.2, 0.8])],
    loss: 0.5, exampleLoss: -Math.log(0.8),
    delta: [Float32Array.from([0.1, 0.2, 0.3]), Float32Array.from([-0.05, 0.05])],
    gradient: seq(1000), before: seq(0), after: seq(0.5), change: Float32Array.from({ length: p }, () => 0.5),
    finite: true,
  };
}

describe('the slow-motion beats', () => {
  it('go forward row by row, then the loss, backward from the output to the first hidden row, then the update', () => {
    expect(stepBeats([2, 16, 16, 2]).map((b) => `${b.phase}:${b.row}`)).toEqual([
      'forward:0', 'forward:1', 'forward:2', 'forward:3', 'loss:3', 'backward:3', 'backward:2', 'backward:1', 'update:3',
    ]);
  });

  it('show numbers only for rows the pass has reached, from the right slots', () => {
    const t = fakeTrace();
    const beats = stepBeats(t.sizes);
    const [f0, f1, , loss, b2, b1, update] = beats;
    expect(unitValue(t, f0!, 0, 1)).toBe(-1);
    expect(unitValue(t, f0!, 1, 0)).toBeNull();
    expect(unitValue(t, f1!, 1, 0)).toBe(3);
    expect(unitValue(t, loss!, 2, 0)).toBeCloseTo(0.8, 6); // the output row is p(class 1)
    expect(unitValue(t, b2!, 2, 0)).toBeCloseTo(0.05, 6); // dL/dz of class 1's logit
    expect(unitValue(t, b2!, 1, 2)).toBeNull();
    expect(unitValue(t, b1!, 1, 2)).toBeCloseTo(0.3, 6);
    expect(unitValue(t, update!, 1, 1)).toBe(0.5);
    expect(unitValue(t, update!, 2, 0)).toBe(0); // Δ(b₁ − b₀)
  });

  it('draw the old weights forward, the gradient of reached layers only going back, the new weights at the update', () => {
    const t = fakeTrace();
    const [f0, , , , b2, b1, update] = stepBeats(t.sizes);
    const [l0, l1] = layerOffsets(t.sizes);
    expect(edgeValues(t, f0!)).toBe(t.before);
    expect(edgeValues(t, update!)).toBe(t.after);
    const atOutput = edgeValues(t, b2!);
    expect(atOutput[l0!.wOffset]).toBe(0);
    expect(atOutput[l1!.wOffset]).toBe(t.gradient[l1!.wOffset]);
    expect(edgeValues(t, b1!)[l0!.wOffset]).toBe(t.gradient[l0!.wOffset]);
  });

  it('name a flat index as the weight or bias it is', () => {
    const t = fakeTrace();
    expect(describeWeight(t, 0)).toBe('the weight from input x1 to layer 1 unit 1');
    expect(describeWeight(t, 5)).toBe('the weight from input x2 to layer 1 unit 3');
    expect(describeWeight(t, 6)).toBe('the bias of layer 1 unit 1');
    expect(describeWeight(t, 9 + 5)).toBe('the weight from layer 1 unit 3 to output 1');
    expect(describeWeight(t, 16)).toBe('the bias of output 1');
    expect(beatWords(t, stepBeats(t.sizes)[3]!)).toMatch(/^Loss: .* is 0\.5 /);
  });
});
