import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { daemonEmitter } from '#adapters/xray/daemon';
import { createTracing, type Tracing } from '#observability/tracing';
import { createXRayTracing } from '#observability/xray';
import { dynamoClient } from '../../../support/dynamodb.ts';
import { type FakeDaemon, startFakeDaemon } from '../../../support/xray-daemon.ts';

const ROOT = '1-5759e988-bd862e3fe1be46a994272793';
const FUNCTION_SEGMENT = '53995c3f42cd8ad8';
/** What `find` gives once it gives something (within 2 s). */
async function waitFor<T>(find: () => T | undefined): Promise<T> {
  for (const until = Date.now() + 2000; Date.now() < until; await new Promise((r) => setTimeout(r, 5))) {
    const found = find();
    if (found !== undefined) return found;
  }
  throw new Error('not found in time');
}
const sampled = `Root=${ROOT};Parent=${FUNCTION_SEGMENT};Sampled=1`;

describe('tracing to the X-Ray daemon', () => {
  let daemon: FakeDaemon;
  let table: string;
  let header: string | undefined;
  let tracing: Tracing;
  let client: DynamoDBClient;
  const seenHeaders: string[] = [];

  beforeAll(async () => {
    daemon = await startFakeDaemon();
    table = `xray${randomBytes(4).toString('hex')}`;
    await dynamoClient(inject('dynamodbEndpoint')).send(
      new CreateTableCommand({
        TableName: table,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    tracing = createXRayTracing({
      serviceName: 'ingest-decisions',
      emitter: daemonEmitter({ host: '127.0.0.1', port: daemon.port }),
      traceHeader: () => header,
      handlerName: 'index.handler',
      region: 'us-east-1',
    });
    client = tracing.traceClient(dynamoClient(inject('dynamodbEndpoint')));
    client.middlewareStack.add(
      (next) => async (args) => {
        seenHeaders.push(
          (args.request as { headers: Record<string, string> }).headers['X-Amzn-Trace-Id'] ?? '',
        );
        return next(args);
      },
      { step: 'finalizeRequest', name: 'seeTraceHeader' },
    );
  });
  afterAll(() => daemon.close());
  beforeEach(() => {
    daemon.documents.length = 0;
    seenHeaders.length = 0;
    header = sampled;
  });

  /** A handler as the API handlers are built: middy, tracing first, two DynamoDB calls. */
  const handler = () =>
    middy(async (event: { id: string; fail?: boolean }) => {
      await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: event.id } } }));
      try {
        await client.send(
          new PutItemCommand({
            TableName: table,
            Item: { pk: { S: event.id } },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (e) {
        if (!(e instanceof ConditionalCheckFailedException)) throw e;
      }
      await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: event.id } } }));
      if (event.fail) throw new Error('the route failed');
      return 'ok';
    }).use([...tracing.middleware]);

  it('sends one subsegment per invocation, under the function segment, with a child per AWS call', async () => {
    // Prepare
    const traced = handler();

    // Act
    await traced({ id: 'a' }, {} as never);
    await traced({ id: 'b' }, {} as never);
    const [first, second] = await daemon.received(2);

    // Assess
    expect(first).toMatchObject({
      type: 'subsegment',
      trace_id: ROOT,
      parent_id: FUNCTION_SEGMENT,
      name: '## index.handler',
      annotations: { ColdStart: true, Service: 'ingest-decisions' },
    });
    expect(second?.annotations).toEqual({ ColdStart: false, Service: 'ingest-decisions' });
    const children = first?.subsegments as Record<string, unknown>[];
    expect(children.map((c) => [c.name, (c.aws as { operation: string }).operation])).toEqual([
      ['DynamoDB', 'PutItem'],
      ['DynamoDB', 'PutItem'],
      ['DynamoDB', 'GetItem'],
    ]);
    expect(children[0]).toMatchObject({
      namespace: 'aws',
      aws: { region: 'us-east-1', table_name: table, retries: 0 },
      http: { response: { status: 200 } },
    });
    expect(children[1]).toMatchObject({ error: true, http: { response: { status: 400 } } });
    expect(children[1]?.cause).toMatchObject({
      exceptions: [{ type: 'ConditionalCheckFailedException', remote: true }],
    });
    for (const c of [first, ...children]) {
      expect(c?.id).toMatch(/^[0-9a-f]{16}$/);
      expect(c?.end_time as number).toBeGreaterThanOrEqual(c?.start_time as number);
    }
    expect(seenHeaders.slice(0, 3)).toEqual(children.map((c) => `Root=${ROOT};Parent=${c.id};Sampled=1`));
  });

  it('marks the invocation subsegment as a fault with its cause when the handler throws', async () => {
    // Act
    await expect(handler()({ id: 'c', fail: true }, {} as never)).rejects.toThrow('the route failed');
    const [doc] = await daemon.received(1);

    // Assess
    expect(doc).toMatchObject({
      fault: true,
      cause: { exceptions: [{ message: 'the route failed', type: 'Error' }] },
    });
    expect(doc?.subsegments).toHaveLength(3);
  });

  it('sends nothing for an unsampled invocation or one without a trace header, and still answers', async () => {
    // Prepare
    const traced = handler();

    // Act
    header = `Root=${ROOT};Parent=${FUNCTION_SEGMENT};Sampled=0`;
    const unsampled = await traced({ id: 'd' }, {} as never);
    header = undefined;
    const untraced = await traced({ id: 'e' }, {} as never);
    await new Promise((r) => setTimeout(r, 100));

    // Assess
    expect([unsampled, untraced]).toEqual(['ok', 'ok']);
    expect(daemon.documents).toEqual([]);
  });

  it('sends the children that would not fit one datagram on their own, under the invocation', async () => {
    // Prepare: 300 calls make a document past 64 KB
    const many = middy(async () => {
      for (let i = 0; i < 300; i++)
        await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'a' } } }));
    }).use([...tracing.middleware]);

    // Act
    await many({}, {} as never);
    const own = await waitFor(() => daemon.documents.find((d) => d.name === '## index.handler'));

    // Assess
    const inside = own.subsegments as Record<string, unknown>[];
    const apart = daemon.documents.filter((d) => d !== own);
    expect(Buffer.byteLength(JSON.stringify(own))).toBeLessThanOrEqual(64_000);
    expect(apart.length).toBeGreaterThan(0);
    expect(inside.length + apart.length).toBe(300);
    expect(apart.every((d) => d.type === 'subsegment' && d.trace_id === ROOT && d.parent_id === own.id)).toBe(
      true,
    );
    expect(own.parent_id).toBe(FUNCTION_SEGMENT);
  });

  it('on, as Lambda runs it, finds the daemon and each trace header in the environment', async () => {
    // Prepare: what Lambda sets for a function with active tracing
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_XRAY_DAEMON_ADDRESS: daemon.address,
      _X_AMZN_TRACE_ID: sampled,
      _HANDLER: 'index.handler',
      AWS_REGION: 'us-east-1',
    });
    try {
      const on = await createTracing({ enabled: true, serviceName: 'reads' });
      const traced = on.traceClient(dynamoClient(inject('dynamodbEndpoint')));
      const fn = middy(async () =>
        traced.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'a' } } })),
      ).use([...on.middleware]);

      // Act
      await fn({}, {} as never);
      const [doc] = await daemon.received(1);

      // Assess
      expect(doc).toMatchObject({
        trace_id: ROOT,
        parent_id: FUNCTION_SEGMENT,
        name: '## index.handler',
        annotations: { ColdStart: true, Service: 'reads' },
        subsegments: [{ name: 'DynamoDB', aws: { operation: 'GetItem', table_name: table } }],
      });
    } finally {
      process.env = saved;
    }
  });

  it('records a fetch inside the invocation as a remote subsegment with its status', async () => {
    // Prepare: an HTTP server that answers 200 on /ok and 503 elsewhere
    const server = createServer((req, res) => {
      res.statusCode = req.url?.startsWith('/ok') ? 200 : 503;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const fn = middy(async () => {
      await (await fetch(`${base}/ok?token=secret`)).arrayBuffer();
      await (await fetch(`${base}/down`, { method: 'POST', body: '{}' })).arrayBuffer();
    }).use([...tracing.middleware]);

    // Act
    try {
      await fn({}, {} as never);
    } finally {
      server.close();
    }
    const [doc] = await daemon.received(1);

    // Assess: the query string (which may hold a secret) is not recorded
    expect(doc?.subsegments).toMatchObject([
      {
        name: '127.0.0.1',
        namespace: 'remote',
        http: { request: { url: `${base}/ok`, method: 'GET' }, response: { status: 200 } },
      },
      {
        name: '127.0.0.1',
        fault: true,
        http: { request: { url: `${base}/down`, method: 'POST' }, response: { status: 503 } },
      },
    ]);
  });

  it('never fails a request when the document cannot be sent', async () => {
    // Prepare: a daemon address no datagram can go to
    const broken = createXRayTracing({
      serviceName: 'reads',
      emitter: daemonEmitter({ host: '127.0.0.1', port: 0 }),
      traceHeader: () => sampled,
    });
    const fn = middy(async () => 'ok').use([...broken.middleware]);

    // Act
    const answer = await fn({}, {} as never);

    // Assess
    expect(answer).toBe('ok');
  });

  it('with tracing off loads nothing and leaves clients as they are', async () => {
    // Act
    const off = await createTracing({ enabled: false, serviceName: 'reads' });
    const plain = dynamoClient(inject('dynamodbEndpoint'));

    // Assess
    expect(off.middleware).toEqual([]);
    expect(off.traceClient(plain)).toBe(plain);
    expect(plain.middlewareStack.identify().some((m) => m.includes('xrayTracing'))).toBe(false);
  });
});
