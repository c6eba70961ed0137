/**
 * Run any registered experiment headless in Node and print its metrics as JSON.
 *   npm run experiment -- <id> --<param> <value> ... --steps N --seed S [--backend cpu|wasm]
 * Exit codes and output are described in main.ts; `--help` lists every experiment's parameters.
 */
import { main } from './main';

process.exitCode = await main(process.argv.slice(2));
