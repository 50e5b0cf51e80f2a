/**
 * `aiops-obs export training`: what the command does once its flags are parsed.
 */
import { readFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { parseTimeBound } from '#domain/analytics/time-window';
import type { TrainingFilters } from '#domain/analytics/training-export';
import { type DatabaseFlags, databaseTarget, whenNotAnswering } from './database-target.ts';
import { exportProgress } from './export-progress.ts';
import { type ExportSink, fileSink, s3Sink, stdoutSink } from './export-sinks.ts';
import { countTrainingExamples, exportTraining, type TrainingExportResult } from './export-training.ts';

/** The flags of `aiops-obs export training`. */
export interface ExportCommandOptions extends DatabaseFlags {
  /** A file, or `-` for standard output. @default '-' */
  readonly out?: string;
  readonly s3?: string;
  /** An S3-compatible endpoint (path-style addressing). @default AWS S3 */
  readonly s3Endpoint?: string;
  readonly since?: string;
  readonly until?: string;
  readonly minConfidence?: string;
  readonly humanVerified?: boolean;
  readonly thumbsUp?: boolean;
  readonly success?: boolean;
  readonly trainingData?: boolean;
  readonly systemPrompt?: string;
  readonly systemPromptFile?: string;
  readonly pageSize?: string;
  /** `false` with `--no-progress`. @default true */
  readonly progress?: boolean;
}

/**
 * The filters the flags ask for.
 * @throws Error naming the flag whose value is invalid
 */
export function trainingFiltersFrom(o: ExportCommandOptions, now: Date = new Date()): TrainingFilters {
  let minConfidence: number | undefined;
  if (o.minConfidence !== undefined) {
    minConfidence = o.minConfidence.trim() === '' ? Number.NaN : Number(o.minConfidence);
    if (!Number.isFinite(minConfidence) || minConfidence < 0 || minConfidence > 1)
      throw new Error(`--min-confidence: "${o.minConfidence}" must be a number from 0 to 1`);
  }
  return {
    ...(o.since !== undefined ? { since: parseTimeBound(o.since, now, '--since', '-infinity') } : {}),
    ...(o.until !== undefined ? { until: parseTimeBound(o.until, now, '--until', 'infinity') } : {}),
    ...(minConfidence !== undefined ? { minConfidence } : {}),
    ...(o.humanVerified ? { humanVerified: true } : {}),
    ...(o.thumbsUp ? { thumbsUp: true } : {}),
    ...(o.success ? { success: true } : {}),
    ...(o.trainingData ? { trainingData: true } : {}),
  };
}

function sinkFor(o: ExportCommandOptions, stdout: Writable): ExportSink {
  if (o.s3) {
    if (o.out !== undefined && o.out !== '-') throw new Error('give --out or --s3, not both');
    return s3Sink(
      o.s3,
      o.s3Endpoint ? { clientConfig: { endpoint: o.s3Endpoint, forcePathStyle: true } } : {},
    );
  }
  return o.out === undefined || o.out === '-' ? stdoutSink(stdout) : fileSink(o.out);
}

async function systemPrompt(o: ExportCommandOptions): Promise<string | undefined> {
  if (o.systemPrompt !== undefined && o.systemPromptFile !== undefined)
    throw new Error('give --system-prompt or --system-prompt-file, not both');
  if (o.systemPromptFile !== undefined) return (await readFile(o.systemPromptFile, 'utf8')).trimEnd();
  return o.systemPrompt;
}

function pageSize(o: ExportCommandOptions, backend: string): number {
  if (o.pageSize === undefined) return backend === 'rds-data' ? 500 : 2000;
  const n = Number(o.pageSize);
  if (!Number.isInteger(n) || n < 1 || n > 50_000)
    throw new Error(`--page-size: "${o.pageSize}" must be 1..50000`);
  return n;
}

/**
 * Exports training data as the flags say; a summary line goes to `stderr`.
 * @throws Error for invalid flags or a failed read or write (the partial output is removed)
 */
export async function runExportCommand(
  options: ExportCommandOptions,
  io: { stdout?: Writable; stderr?: NodeJS.WritableStream } = {},
): Promise<TrainingExportResult> {
  const stderr = io.stderr ?? process.stderr;
  const filters = trainingFiltersFrom(options);
  const prompt = await systemPrompt(options);
  const target = await databaseTarget(options);
  const size = pageSize(options, target.backend);
  const db = await target.open();
  let sink: ExportSink | undefined;
  let written = 0;
  const started = Date.now();
  try {
    const bar = await exportProgress(stderr, options.progress !== false, () =>
      countTrainingExamples(db, filters),
    );
    sink = sinkFor(options, io.stdout ?? process.stdout);
    const result = await exportTraining(db, sink.stream, {
      filters,
      pageSize: size,
      shrinkPages: target.backend === 'rds-data',
      onProgress: (n) => {
        written = n;
        bar.update(n);
      },
      ...(prompt !== undefined ? { systemPrompt: prompt } : {}),
    }).finally(() => bar.stop());
    const where = await sink.finish();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    stderr.write(
      `exported ${result.examples} examples (${(result.bytes / 1_048_576).toFixed(1)} MiB) to ${where} in ${seconds} s\n`,
    );
    return result;
  } catch (e) {
    await sink?.abort();
    const error = e as Error & { code?: string };
    // `aiops-obs export training | head`: the reader has all it wanted, as with any Unix filter.
    if (error.code === 'EPIPE' && sink?.stream === (io.stdout ?? process.stdout))
      return { examples: written, bytes: 0, pages: 0 };
    throw whenNotAnswering(target, error);
  } finally {
    await db.close();
  }
}
