import type { BaselineFrameData } from '../../core/experiments/baseline-mlp.schema';
import { fmt } from '../../app/format';

/**
 * What the batch size means for the gradient noise right now, in words. Never advice the numbers
 * contradict: a batch as large as the training set is the exact gradient, whatever B_simple says.
 */
export function batchAdvice(data: Pick<BaselineFrameData, 'batch' | 'trainCount' | 'noise'>): string {
  if (data.batch >= data.trainCount) {
    return 'The batch is the whole training set: every step uses the exact gradient G, so there is no minibatch noise left to cut.';
  }
  const b = data.noise?.bSimple ?? NaN;
  if (!Number.isFinite(b) || b <= 0) return '';
  return data.batch < b
    ? `It is below B_simple ≈ ${fmt(b)}: a bigger batch would still cut the noise a lot.`
    : `It is above B_simple ≈ ${fmt(b)}: a bigger batch mostly costs time.`;
}
