/**
 * Runs the CLI in-process for tests, capturing what a terminal would show: `main`'s own output and
 * anything else written through console (tfjs warnings, a stray log), stdout and stderr apart.
 */
import { vi } from 'vitest';
import { main } from './main';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall-clock seconds. */
  seconds: number;
  /** CPU seconds this process spent on the case: its cost, whatever else shares the machine. */
  cpuSeconds: number;
}

export async function runCli(argv: readonly string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const spies = [
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.map(String).join(' '))),
    vi.spyOn(console, 'info').mockImplementation((...a: unknown[]) => void out.push(a.map(String).join(' '))),
    vi.spyOn(console, 'warn').mockImplementation((...a: unknown[]) => void err.push(a.map(String).join(' '))),
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.map(String).join(' '))),
  ];
  const started = performance.now();
  const cpu = process.cpuUsage();
  try {
    const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
    const used = process.cpuUsage(cpu);
    return {
      code,
      stdout: out.join('\n'),
      stderr: err.join('\n'),
      seconds: (performance.now() - started) / 1000,
      cpuSeconds: (used.user + used.system) / 1e6,
    };
  } finally {
    spies.forEach((s) => s.mockRestore());
  }
}

/** The CLI's promise, or a rejection naming the arguments once `seconds` have passed. */
export function withinSeconds<T>(seconds: number, argv: readonly string[], work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${seconds} s: ${JSON.stringify(argv)}`)), seconds * 1000);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** A stderr message as the CLI promises it: one non-empty line, no stack frame. */
export function isOneLineMessage(text: string): boolean {
  return text.trim() !== '' && !text.includes('\n') && !/\n\s+at |^\s*at .+:\d+:\d+/m.test(text);
}
