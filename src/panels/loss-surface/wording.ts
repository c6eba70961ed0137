/**
 * Sentences about a change of the loss. A step that lowers the loss must say "lowers", not "raises
 * the loss by −1.12" (issue 13, item 5): the FGSM step on a point the net gets badly wrong can land
 * past the loss's peak along that line, where the loss falls again.
 */
import { fmt } from '../../app/format';

/** "raises" / "lowers" / "leaves", for "one step … raises it from a to b". */
export function lossChangeVerb(delta: number): 'raises' | 'lowers' | 'leaves' {
  return delta > 0 ? 'raises' : delta < 0 ? 'lowers' : 'leaves';
}

/** "raises the loss by 1.12", "lowers the loss by 1.12", or "leaves the loss unchanged". */
export function lossChangeWords(delta: number): string {
  if (Number.isNaN(delta)) return 'changes the loss by an amount that is not a number';
  if (delta === 0) return 'leaves the loss unchanged';
  return `${lossChangeVerb(delta)} the loss by ${fmt(Math.abs(delta))}`;
}
