/**
 * On-failure destinations for the local mapping: batches that exhausted their retries, kept in
 * memory or appended as JSON lines to `<dataDir>/dead-letters.jsonl`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appendLine } from './atomic-file.ts';
import type { FailedBatch } from './types.ts';

/** File name of the dead letters inside the data directory. */
export const DEAD_LETTER_FILE = 'dead-letters.jsonl';

/** An on-failure destination that can be read back. */
export interface DeadLetterDestination {
  /** Stores one failed batch; pass it as the mapping's `onFailure`. */
  readonly send: (failed: FailedBatch) => Promise<void>;
  /** Every failed batch stored, oldest first. */
  list(): Promise<FailedBatch[]>;
}

/**
 * Dead letters in memory.
 * @example
 * const deadLetters = memoryDeadLetters();
 * await startEventSourceMapping({ ..., onFailure: deadLetters.send });
 */
export function memoryDeadLetters(): DeadLetterDestination {
  const stored: FailedBatch[] = [];
  return {
    send: async (failed) => {
      stored.push(structuredClone(failed));
    },
    list: async () => structuredClone(stored),
  };
}

/**
 * Dead letters appended, one JSON object a line and flushed, to `<dataDir>/dead-letters.jsonl`;
 * they survive restarts. Appends are serialised, so concurrent sends never interleave.
 * @example
 * const deadLetters = fileDeadLetters('.aiops/data');
 */
export function fileDeadLetters(dataDir: string): DeadLetterDestination {
  const path = join(dataDir, DEAD_LETTER_FILE);
  let appending: Promise<void> = Promise.resolve();
  return {
    send: (failed) => {
      const line = JSON.stringify(failed);
      const run = appending.then(() => appendLine(path, line));
      appending = run.catch(() => undefined);
      return run;
    },
    list: async () => {
      await appending;
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line, index) => {
          try {
            return JSON.parse(line) as FailedBatch;
          } catch {
            throw new Error(`${path}: line ${index + 1} is not JSON`);
          }
        });
    },
  };
}
