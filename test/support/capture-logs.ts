/**
 * Capturing a Lambda handler's logs in a test: Powertools writes them to stdout (errors to
 * stderr), so both are recorded, and kept off the test output, until `restore()`.
 */
import { vi } from 'vitest';

/** What {@link captureLogs} recorded so far. */
export interface CapturedLogs {
  /** Each write, in order. */
  readonly chunks: readonly string[];
  /** Everything written, joined. */
  text(): string;
  /** Puts stdout and stderr back. */
  restore(): void;
}

/**
 * Records every write to stdout and stderr until `restore()`.
 * @example const logs = captureLogs(); try { await handler(event, context); } finally { logs.restore(); }
 */
export function captureLogs(): CapturedLogs {
  const chunks: string[] = [];
  const record = (chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  };
  const spies = [vi.spyOn(process.stdout, 'write'), vi.spyOn(process.stderr, 'write')].map((s) =>
    s.mockImplementation(record),
  );
  return {
    chunks,
    text: () => chunks.join(''),
    restore: () => {
      for (const s of spies) s.mockRestore();
    },
  };
}
