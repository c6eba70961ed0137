/** Node tests run the core on tfjs' CPU backend, the same code the worker runs on wasm or WebGPU. */
import * as tf from '@tensorflow/tfjs-core';
// This file is the tests' entry point, where the backend is chosen (it lives in src/core only to sit beside the tests).
import '@tensorflow/tfjs-backend-cpu';

await tf.setBackend('cpu');
await tf.ready();
