/**
 * A loopback stand-in for the RDS Data API (restJson: `POST /Execute`, `/BeginTransaction`,
 * `/CommitTransaction`, `/RollbackTransaction`) that records every request the real SDK
 * sends and runs the statements on a PGlite. Parameters keep the Data API's typing: a
 * `stringValue` is text, `longValue` bigint, `doubleValue` float8, a `typeHint` its type,
 * so SQL that forgets a cast fails here as it would on Aurora.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { PGlite } from '@electric-sql/pglite';

/** One request as the server received it. */
export interface RecordedCall {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown>;
}

interface WireParameter {
  name: string;
  typeHint?: string;
  value: Record<string, unknown>;
}

const HINTS: Record<string, string> = {
  JSON: 'json',
  UUID: 'uuid',
  TIMESTAMP: 'timestamp',
  DATE: 'date',
  TIME: 'time',
  DECIMAL: 'numeric',
};

/** `:pN` as `$N` with the type the Data API gives that parameter. */
function toPositional(sql: string, parameters: WireParameter[]): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const text = sql.replace(/(?<![:\w]):([A-Za-z_]\w*)/g, (whole, name: string) => {
    const p = parameters.find((x) => x.name === name);
    if (!p) return whole;
    const v = p.value;
    const [value, type] =
      v.isNull === true
        ? [null, '']
        : 'stringValue' in v
          ? [v.stringValue, p.typeHint ? (HINTS[p.typeHint] ?? 'text') : 'text']
          : 'longValue' in v
            ? [v.longValue, 'bigint']
            : 'doubleValue' in v
              ? [v.doubleValue, 'float8']
              : 'booleanValue' in v
                ? [v.booleanValue, 'boolean']
                : [undefined, ''];
    if (value === undefined) throw new Error(`parameter ${name}: unsupported value ${JSON.stringify(v)}`);
    values.push(value);
    return type ? `$${values.length}::${type}` : `$${values.length}`;
  });
  return { text, values };
}

/** How the Data API's JSON format writes a value. */
function jsonValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().replace('T', ' ').replace('Z', '');
  if (Array.isArray(v)) return v.map(jsonValue);
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return v;
}

/** A running loopback Data API. */
export interface RdsDataLoopback {
  readonly endpoint: string;
  readonly calls: RecordedCall[];
  /** The database behind it. */
  readonly db: PGlite;
  /** Answers the next `count` calls to `path` with this error (e.g. DatabaseResumingException). */
  failNext(path: string, errorType: string, count?: number): void;
  /** An SDK client pointed at the loopback (dummy credentials). */
  sdkClient(): RDSDataClient;
  close(): Promise<void>;
}

/**
 * Starts the loopback on a free port over a new in-memory PGlite.
 * @example const api = await startRdsDataLoopback(); const sql = new RdsDataSqlClient({ ..., client: api.sdkClient() });
 */
export async function startRdsDataLoopback(): Promise<RdsDataLoopback> {
  const db = await PGlite.create();
  const calls: RecordedCall[] = [];
  const failures: { path: string; type: string }[] = [];
  const transactions = new Map<string, () => void>();
  let queue: Promise<void> = Promise.resolve();
  /** One statement or transaction at a time: PGlite has a single session. */
  const acquire = async (): Promise<() => void> => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const before = queue;
    queue = before.then(() => held);
    await before;
    return release;
  };

  const handle = async (path: string, body: Record<string, unknown>): Promise<[number, unknown]> => {
    const failure = failures.findIndex((f) => f.path === path);
    if (failure >= 0) {
      const [f] = failures.splice(failure, 1);
      return [400, { __type: f?.type, message: `${f?.type} (injected)` }];
    }
    if (path === '/BeginTransaction') {
      const release = await acquire();
      await db.query('BEGIN');
      const transactionId = randomUUID();
      transactions.set(transactionId, release);
      return [200, { transactionId }];
    }
    if (path === '/CommitTransaction' || path === '/RollbackTransaction') {
      const release = transactions.get(String(body.transactionId));
      if (!release) return [404, { __type: 'NotFoundException', message: 'Transaction not found' }];
      await db.query(path === '/CommitTransaction' ? 'COMMIT' : 'ROLLBACK');
      transactions.delete(String(body.transactionId));
      release();
      return [
        200,
        { transactionStatus: path === '/CommitTransaction' ? 'Transaction Committed' : 'Rollback Complete' },
      ];
    }
    if (path !== '/Execute') return [404, { __type: 'UnknownOperationException', message: path }];
    const inTransaction = typeof body.transactionId === 'string';
    if (inTransaction && !transactions.has(body.transactionId as string)) {
      return [400, { __type: 'BadRequestException', message: 'Transaction not found' }];
    }
    const release = inTransaction ? () => undefined : await acquire();
    try {
      const { text, values } = toPositional(String(body.sql), (body.parameters ?? []) as WireParameter[]);
      const result = await db.query<Record<string, unknown>>(text, values);
      const records = result.rows.map((r) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [k, jsonValue(v)])),
      );
      return [
        200,
        {
          numberOfRecordsUpdated: result.fields.length > 0 ? 0 : (result.affectedRows ?? 0),
          ...(result.fields.length > 0 && body.formatRecordsAs === 'JSON'
            ? { formattedRecords: JSON.stringify(records) }
            : {}),
        },
      ];
    } catch (e) {
      // As Aurora's Data API words a statement PostgreSQL refused: the SQLSTATE ends the message.
      const code = (e as { code?: string }).code;
      const message = `ERROR: ${(e as Error).message}${code ? `; SQLState: ${code}` : ''}`;
      return [400, { __type: 'BadRequestException', message }];
    } finally {
      release();
    }
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      const path = req.url ?? '';
      calls.push({ path, headers: req.headers, body });
      handle(path, body).then(([status, answer]) => {
        const type = (answer as { __type?: string }).__type;
        res.writeHead(status, {
          'content-type': 'application/json',
          ...(type ? { 'x-amzn-errortype': type } : {}),
        });
        res.end(JSON.stringify(answer));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    calls,
    db,
    failNext: (path, type, count = 1) => {
      for (let i = 0; i < count; i += 1) failures.push({ path, type });
    },
    sdkClient: () =>
      new RDSDataClient({
        endpoint,
        region: 'eu-central-1',
        credentials: { accessKeyId: 'AKIDLOOPBACK', secretAccessKey: 'loopback' },
        maxAttempts: 1,
      }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}
