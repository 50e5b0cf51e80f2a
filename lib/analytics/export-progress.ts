/**
 * The export's progress bar: on standard error, and only when that is a terminal and the
 * user did not turn it off (pipes, files and CI logs get nothing but the final summary).
 */
import type { WriteStream } from 'node:tty';
import cliProgress from 'cli-progress';

/** A progress display the export reports to. */
export interface ExportProgress {
  update(written: number): void;
  stop(): void;
}

const NO_PROGRESS: ExportProgress = { update: () => undefined, stop: () => undefined };

/**
 * A bar of `total()` examples on `stream` when `wanted` and the stream is a TTY, else a no-op;
 * `total` (a count query) runs only when the bar shows.
 * @example const bar = await exportProgress(process.stderr, true, () => countTrainingExamples(db, filters));
 */
export async function exportProgress(
  stream: NodeJS.WritableStream & Partial<Pick<WriteStream, 'isTTY'>>,
  wanted: boolean,
  total: () => Promise<number>,
): Promise<ExportProgress> {
  if (!wanted || !stream.isTTY) return NO_PROGRESS;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: 'training export |{bar}| {percentage}% | {value}/{total} examples | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(await total(), 0);
  return {
    update: (written) => bar.update(written),
    stop: () => bar.stop(),
  };
}
