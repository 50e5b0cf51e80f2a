/**
 * Where the training export goes: standard output, a file (written beside it, renamed into
 * place only when complete), or an S3 object (a multipart upload from a stream, aborted on
 * failure).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PassThrough, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

/** An export's destination. */
export interface ExportSink {
  /** Where the lines go. */
  readonly stream: Writable;
  /** Ends the stream and makes the output visible; resolves to where it is. */
  finish(): Promise<string>;
  /** Drops a partial output (no half file, no orphaned multipart upload). */
  abort(): Promise<void>;
}

/** Standard output: left open, as other output may follow. */
export function stdoutSink(stdout: Writable = process.stdout): ExportSink {
  return { stream: stdout, finish: async () => 'standard output', abort: async () => undefined };
}

/**
 * A file, written as `.<name>.<random>.partial` in the same directory and renamed over
 * `path` when complete, so readers never see a partial export.
 */
export function fileSink(path: string): ExportSink {
  const partial = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.partial`);
  const stream = createWriteStream(partial, { flags: 'wx' });
  return {
    stream,
    finish: async () => {
      stream.end();
      await finished(stream);
      await rename(partial, path);
      return path;
    },
    abort: async () => {
      stream.on('error', () => undefined); // writes still pending fail with the stream: expected here
      stream.destroy();
      await rm(partial, { force: true });
    },
  };
}

/** `s3://bucket/key` split. */
export function parseS3Url(url: string): { readonly bucket: string; readonly key: string } {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/.exec(url);
  if (!match) throw new Error(`--s3: "${url}" is not s3://<bucket>/<key>`);
  return { bucket: match[1] as string, key: match[2] as string };
}

/** Options of {@link s3Sink}. */
export interface S3SinkOptions {
  /** The SDK client. @default one from the default credential chain and region */
  readonly client?: S3Client;
  /** Settings of the default client (an `endpoint` with `forcePathStyle` for S3-compatible stores). */
  readonly clientConfig?: S3ClientConfig;
  /** Bytes per part (at least 5 MiB). @default 8 MiB */
  readonly partSize?: number;
}

/**
 * An S3 object, uploaded while the export runs (`@aws-sdk/lib-storage`: one PutObject when
 * the export fits in one part, else a multipart upload of `partSize` parts, 4 in flight).
 * Memory is bounded by about 4 parts. The object appears only when the upload completes.
 * @example const sink = s3Sink('s3://ml-data/aiops/train.jsonl');
 */
export function s3Sink(url: string, options: S3SinkOptions = {}): ExportSink {
  const { bucket, key } = parseS3Url(url);
  const client = options.client ?? new S3Client(options.clientConfig ?? {});
  const stream = new PassThrough();
  const upload = new Upload({
    client,
    params: { Bucket: bucket, Key: key, Body: stream, ContentType: 'application/x-ndjson' },
    partSize: options.partSize ?? 8 * 1024 * 1024,
    queueSize: 4,
    leavePartsOnError: false,
  });
  const done = upload.done();
  // A failed upload stops consuming the stream: fail the export's pending write instead of
  // hanging. The error itself reaches the caller through `done` (finish) or the export's own
  // listener, so the stream's error event needs no handler of its own here.
  stream.on('error', () => undefined);
  done.catch((error: Error) => stream.destroy(error));
  const close = () => {
    if (!options.client) client.destroy();
  };
  return {
    stream,
    finish: async () => {
      stream.end();
      try {
        await done;
      } finally {
        close();
      }
      return url;
    },
    abort: async () => {
      stream.destroy();
      await upload.abort().catch(() => undefined);
      close();
    },
  };
}
