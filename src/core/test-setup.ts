/** Node tests run the core on tfjs' CPU backend, the same code the worker runs on wasm or WebGPU. */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

await tf.setBackend('cpu');
await tf.ready();
