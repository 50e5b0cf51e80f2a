import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SqlClient } from '#adapters/postgres/sql-client';
import { s3Sink } from '../../../lib/analytics/export-sinks.ts';
import { exportTraining } from '../../../lib/analytics/export-training.ts';
import { analyticsRow, seedAnalytics } from '../../support/analytics-rows.ts';
import {
  type RecordedRequest,
  type RecordingServer,
  type ScriptedResponse,
  startRecordingServer,
} from '../../support/recording-server.ts';
import { openTarget, type TargetDatabase } from '../adapters/postgres/targets.ts';

const PART = 5 * 1024 * 1024;
const xml = (body: string): ScriptedResponse => ({
  status: 200,
  headers: { 'content-type': 'application/xml' },
  body: `<?xml version="1.0" encoding="UTF-8"?>${body}`,
});

/** Answers the calls of an upload as S3 does; `denyParts` refuses UploadPart with 403. */
function s3(denyParts = false) {
  return (_n: number, req: RecordedRequest): ScriptedResponse => {
    const url = new URL(req.path, 'http://s3.local');
    const part = url.searchParams.get('partNumber');
    if (req.method === 'POST' && url.searchParams.has('uploads'))
      return xml(
        '<InitiateMultipartUploadResult><Bucket>ml-data</Bucket><Key>k</Key><UploadId>up-1</UploadId></InitiateMultipartUploadResult>',
      );
    if (req.method === 'PUT' && part && denyParts)
      return {
        status: 403,
        body: '<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
      };
    if (req.method === 'PUT') return { status: 200, headers: { etag: `"etag-${part ?? 'put'}"` } };
    if (req.method === 'POST')
      return xml(
        '<CompleteMultipartUploadResult><Bucket>ml-data</Bucket><Key>k</Key><ETag>"all"</ETag></CompleteMultipartUploadResult>',
      );
    return { status: 204 };
  };
}

const call = (r: RecordedRequest) => {
  const url = new URL(r.path, 'http://s3.local');
  return `${r.method} ${url.pathname}${url.search.replace(/=[^&]*/g, '')}`;
};
const clientConfig = (server: RecordingServer) => ({
  endpoint: server.url,
  forcePathStyle: true,
  region: 'eu-central-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
});

async function seedLarge(sql: SqlClient, rows: number): Promise<void> {
  await seedAnalytics(sql, []);
  await sql.query(
    `INSERT INTO ai_decisions (id, timestamp, appliance_id, customer_id, query, query_hash, parsed_intent,
       confidence, llm_model, llm_tokens_used, llm_duration_ms, version)
     SELECT gen_random_uuid(), now(), 'appl-1', 'acme', 'add host ' || g || ' ' || repeat('x', 400), md5(g::text),
       jsonb_build_object('action', 'dns.add_record', 'parameters', jsonb_build_object('n', g)), 0.9, 'm', 1, 1, 1
     FROM generate_series(1, $1::int) g`,
    [rows],
  );
}

describe('training export to S3 (a loopback S3, path-style)', () => {
  let db: TargetDatabase;
  let server: RecordingServer | undefined;
  beforeAll(async () => {
    db = await openTarget('pglite');
  });
  afterEach(() => server?.close());
  afterAll(() => db?.close());

  it('sends a small export as one PutObject of JSONL', async () => {
    // Prepare
    await seedAnalytics(db.client, [
      analyticsRow({ query: 'add user bob' }),
      analyticsRow({ query: 'add user eve' }),
    ]);
    server = await startRecordingServer(s3());
    const sink = s3Sink('s3://ml-data/aiops/train.jsonl', { clientConfig: clientConfig(server) });
    // Act
    const result = await exportTraining(db.client, sink.stream);
    const where = await sink.finish();
    // Assess
    expect(where).toBe('s3://ml-data/aiops/train.jsonl');
    expect(server.requests.map(call)).toEqual(['PUT /ml-data/aiops/train.jsonl?x-id']);
    const put = server.requests[0] as RecordedRequest;
    expect(put.headers['content-type']).toBe('application/x-ndjson');
    expect(put.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/s3\//,
    );
    const lines = Buffer.from(put.body).toString().trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l).messages[1].content)).toEqual(['add user bob', 'add user eve']);
    expect(result.examples).toBe(2);
    await db.client.query('DELETE FROM ai_decisions');
  });

  it('streams a large export as a multipart upload whose parts join into the whole file', async () => {
    // Prepare
    await seedLarge(db.client, 15_000);
    server = await startRecordingServer(s3());
    const sink = s3Sink('s3://ml-data/big.jsonl', { clientConfig: clientConfig(server), partSize: PART });
    // Act
    const result = await exportTraining(db.client, sink.stream);
    await sink.finish();
    // Assess
    const calls = server.requests.map(call);
    const parts = server.requests.filter((r) => r.method === 'PUT');
    expect(calls[0]).toBe('POST /ml-data/big.jsonl?uploads');
    expect(calls.at(-1)).toMatch(/^POST \/ml-data\/big.jsonl\?uploadId/);
    expect(parts.length).toBe(Math.ceil(result.bytes / PART));
    const ordered = parts.sort(
      (a, b) =>
        Number(new URL(a.path, 'http://x').searchParams.get('partNumber')) -
        Number(new URL(b.path, 'http://x').searchParams.get('partNumber')),
    );
    const body = Buffer.concat(ordered.map((p) => Buffer.from(p.body))).toString();
    const lines = body.trimEnd().split('\n');
    expect(lines).toHaveLength(15_000);
    expect(lines.every((l) => JSON.parse(l).messages.length === 3)).toBe(true);
    expect(Buffer.byteLength(body)).toBe(result.bytes);
    const complete = server.requests.at(-1) as RecordedRequest;
    expect(
      Buffer.from(complete.body)
        .toString()
        .match(/<PartNumber>/g),
    ).toHaveLength(parts.length);
  });

  it('fails the export and aborts the multipart upload when S3 refuses a part', async () => {
    // Prepare (the 15,000 rows of the test before)
    server = await startRecordingServer(s3(true));
    const sink = s3Sink('s3://ml-data/denied.jsonl', { clientConfig: clientConfig(server), partSize: PART });
    // Act
    const error = await exportTraining(db.client, sink.stream)
      .then(() => sink.finish())
      .catch(async (e: Error) => {
        await sink.abort();
        return e;
      });
    // Assess
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toMatch(/Access Denied|AccessDenied/);
    const calls = server.requests.map(call);
    expect(calls.filter((c) => c.startsWith('DELETE /ml-data/denied.jsonl?uploadId'))).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('POST /ml-data/denied.jsonl?uploadId'))).toEqual([]);
  });
});
