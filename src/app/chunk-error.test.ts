import { describe, expect, it } from 'vitest';
import { isChunkLoadError } from './chunk-error';

describe('isChunkLoadError', () => {
  it('recognises each browser’s failed dynamic import and Vite’s failed stylesheet preload', () => {
    for (const message of [
      'Failed to fetch dynamically imported module: http://127.0.0.1:4173/assets/FatalStatePanel-Bx1.js',
      'error loading dynamically imported module: http://host/assets/x.js',
      'Importing a module script failed.',
      'Unable to preload CSS for http://host/assets/FatalStatePanel-Cq2.css',
    ]) {
      expect(isChunkLoadError(new TypeError(message)), message).toBe(true);
    }
  });

  it('leaves other errors to be reported as what they are', () => {
    for (const error of [new Error('Cannot read properties of undefined'), new TypeError('Failed to fetch'), null, undefined, 42, {}]) {
      expect(isChunkLoadError(error)).toBe(false);
    }
  });
});
