/**
 * The function logs of a `cost` run: what the handlers write to stdout and stderr (Lambda
 * sends both to the function's log group), counted in bytes by kind and kept off the terminal.
 */

/** Bytes by kind of line: `EMF metrics`, `<LEVEL> <message>` for Powertools lines, `other`. */
export type LogBytes = Record<string, number>;

/** A running capture. */
export interface LogCapture {
  bytes(): LogBytes;
  restore(): void;
}

const kindOf = (line: string): string => {
  if (line.startsWith('{"_aws"')) return 'EMF metrics';
  try {
    const parsed = JSON.parse(line) as { level?: string; message?: string };
    if (parsed.level && parsed.message) return `${parsed.level} ${parsed.message.slice(0, 60)}`;
  } catch {
    // not JSON: counted as other
  }
  return 'other';
};

/**
 * Replaces `process.stdout.write` and `process.stderr.write` until `restore()`.
 * @example const logs = captureLogs(); try { await run(); } finally { logs.restore(); } logs.bytes()
 */
export function captureLogs(): LogCapture {
  const streams = [process.stdout, process.stderr] as const;
  const originals = streams.map((s) => s.write);
  const bytes: LogBytes = {};
  for (const stream of streams)
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      for (const line of text.split('\n').filter((l) => l.length > 0)) {
        const kind = kindOf(line);
        bytes[kind] = (bytes[kind] ?? 0) + Buffer.byteLength(line) + 1;
      }
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }) as typeof stream.write;
  return {
    bytes: () => ({ ...bytes }),
    restore: () => {
      streams.forEach((s, i) => {
        s.write = originals[i] as typeof s.write;
      });
    },
  };
}
