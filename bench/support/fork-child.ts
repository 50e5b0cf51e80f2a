/**
 * A benchmark run in a child process of its own (its own heap, its own environment): the
 * script runs under tsx with stdout discarded and stderr shown, and answers with one IPC
 * message before it exits.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Forks `script` with `env` added to this process's environment; resolves with the message
 * it sent, rejects when it exits without one (`<what> exited with <code>`).
 * @example const answer = await forkChild<ChildAnswer>(new URL('./support/child.ts', import.meta.url), { BENCH_X: '1' }, 'x run');
 */
export function forkChild<T>(script: URL, env: Readonly<Record<string, string>>, what: string): Promise<T> {
  const child = fork(fileURLToPath(script), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let answer: T | undefined;
    child.once('message', (m) => {
      answer = m as T;
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      answer ? resolve(answer) : reject(new Error(`${what} exited with ${code}`)),
    );
  });
}
