/**
 * tfjs' wasm pool never has more threads than this (max_num_threads in its backend.cc): the page asks
 * for at most this many and compares the worker's report against it (shared by the worker and page).
 */
export const WASM_MAX_THREADS = 8;
