/**
 * The export's progress bar: on standard error, and only when that is a terminal (pipes,
 * files and CI logs get nothing but the final summary).
 */
import type { WriteStream } from 'node:tty';
import cliProgress from 'cli-progress';

/** A progress display the export reports to. */
export interface ExportProgress {
  update(written: number): void;
  stop(): void;
}

const SILENT: ExportProgress = { update: () => undefined, stop: () => undefined };

/**
 * A bar of `total` examples on `stream` when it is a TTY, else a no-op.
 * @example const bar = exportProgress(total); … bar.update(n); … bar.stop();
 */
export function exportProgress(
  total: number,
  stream: NodeJS.WritableStream & Partial<Pick<WriteStream, 'isTTY'>> = process.stderr,
): ExportProgress {
  if (!stream.isTTY) return SILENT;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: 'training export |{bar}| {percentage}% | {value}/{total} examples | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    update: (written) => bar.update(written),
    stop: () => bar.stop(),
  };
}

/** Whether standard error is a terminal (the count behind the bar is only worth a query then). */
export const progressWanted = (stream: Partial<Pick<WriteStream, 'isTTY'>> = process.stderr): boolean =>
  Boolean(stream.isTTY);
