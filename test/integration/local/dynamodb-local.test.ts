import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { APPLIANCE_INDEX, type TableNames } from '#adapters/dynamodb-tables';
import {
  createTables,
  ensureDynamoDbLocal,
  startDynamoDbLocal,
  verifyIntegrity,
} from '#lib/local/dynamodb-local/index';
import { dynamoClient, freshTables } from '../../support/dynamodb.ts';
import { eventually } from '../../support/eventually.ts';
import { accepts, type LanAddress, lanAddress, wildcardServer } from '../../support/network.ts';
import { commandOf, descendants, killLeft, running, snapshot } from '../../support/process-tree.ts';
import { freePort } from '../../support/server-process.ts';

const describeTable = (client: DynamoDBClient, name: string) =>
  client.send(new DescribeTableCommand({ TableName: name })).then((out) => out.Table);

describe('DynamoDB Local with the project tables', () => {
  let client: DynamoDBClient;
  let prefix: string;
  let tables: TableNames;

  beforeAll(async () => {
    ({ client, prefix, tables } = await freshTables());
  });

  afterAll(() => client.destroy());

  it('creates every table ACTIVE under the prefix', async () => {
    // Prepare
    const names = [tables.decisions, tables.appliances, tables.keys];

    // Act
    const described = await Promise.all(names.map((name) => describeTable(client, name)));

    // Assess
    expect(described.map((t) => [t?.TableName, t?.TableStatus])).toEqual(names.map((n) => [n, 'ACTIVE']));
    expect(names.every((name) => name.startsWith(`${prefix}-`))).toBe(true);
  });

  it('accepts being asked to create the tables again and leaves them as they were', async () => {
    // Prepare
    const before = await describeTable(client, tables.decisions);

    // Act
    await createTables(client, prefix);

    // Assess
    const after = await describeTable(client, tables.decisions);
    expect(after?.CreationDateTime).toEqual(before?.CreationDateTime);
    expect(after?.LatestStreamArn).toBe(before?.LatestStreamArn);
  });

  it('streams NEW_AND_OLD_IMAGES from decisions and appliances, and nothing from keys', async () => {
    // Prepare
    const streamed = [tables.decisions, tables.appliances];

    // Act
    const described = await Promise.all(streamed.map((name) => describeTable(client, name)));
    const keys = await describeTable(client, tables.keys);

    // Assess
    for (const table of described) {
      expect(table?.StreamSpecification).toEqual({
        StreamEnabled: true,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      });
      expect(table?.LatestStreamArn).toMatch(/^arn:aws:dynamodb:.*:table\/.*\/stream\//);
    }
    expect(keys?.LatestStreamArn).toBeUndefined();
  });

  it('expires items on expiresAt in decisions and appliances', async () => {
    // Prepare
    const withTtl = [tables.decisions, tables.appliances];

    // Act
    const ttl = await Promise.all(
      withTtl.map((name) => client.send(new DescribeTimeToLiveCommand({ TableName: name }))),
    );
    const keysTtl = await client.send(new DescribeTimeToLiveCommand({ TableName: tables.keys }));

    // Assess
    for (const { TimeToLiveDescription } of ttl) {
      expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
    }
    expect(keysTtl.TimeToLiveDescription?.TimeToLiveStatus).toBe('DISABLED');
  });

  it('applies a TransactWriteItems across tables all or nothing', async () => {
    // Prepare
    const latest = {
      pk: { S: 'APP#a1' },
      sk: { S: 'LATEST' },
      tenantKey: { S: 'TENANT#t1' },
      applianceId: { S: 'a1' },
    };
    const key = { keyId: { S: 'k1' }, customerId: { S: 't1' }, createdAt: { S: '2025-01-01T00:00:00Z' } };
    const putBoth = (condition?: string) =>
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: tables.appliances, Item: latest } },
            { Put: { TableName: tables.keys, Item: key, ConditionExpression: condition } },
          ],
        }),
      );

    // Act
    await putBoth();
    const second = putBoth('attribute_not_exists(keyId)');

    // Assess
    await expect(second).rejects.toBeInstanceOf(TransactionCanceledException);
    const stored = await client.send(
      new QueryCommand({
        TableName: tables.appliances,
        IndexName: APPLIANCE_INDEX.byTenant,
        KeyConditionExpression: 'tenantKey = :t',
        ExpressionAttributeValues: { ':t': { S: 'TENANT#t1' } },
      }),
    );
    expect(stored.Items).toEqual([latest]);
  });

  it('runs DynamoDB Local 3.x: a table ARN is accepted wherever a table name is', async () => {
    // Prepare: table ARNs as names came with DynamoDB Local 2.6.0; the 1.x line refuses them
    const arn = (await describeTable(client, tables.decisions))?.TableArn as string;
    const key = { pk: { S: 'DEC#by-arn' } };
    const item = { ...key, status: { S: 'stored through the ARN' } };

    // Act
    await client.send(new PutItemCommand({ TableName: arn, Item: item }));
    const read = await client.send(new GetItemCommand({ TableName: tables.decisions, Key: key }));

    // Assess
    expect(arn).toMatch(/^arn:aws:dynamodb:[^:]+:[^:]+:table\//);
    expect(read.Item).toEqual(item);
  });

  it('refuses a fixed port that is already taken, naming the port', async () => {
    // Prepare
    const taken = Number(new URL(inject('dynamodbEndpoint')).port);

    // Act
    const start = startDynamoDbLocal({ port: taken });

    // Assess
    await expect(start).rejects.toThrow(`port ${taken}`);
  });
});

describe('DynamoDB Local on the network', () => {
  let lan: LanAddress;

  beforeAll(async () => {
    lan = await lanAddress();
  });

  afterAll(() => lan?.release());

  it('answers on loopback only: another host cannot reach it, though it reaches this machine', async () => {
    // Prepare
    const port = Number(new URL(inject('dynamodbEndpoint')).port);
    const control = await wildcardServer();
    onTestFinished(() => control.close());

    // Act
    const reach = {
      fromTheNetwork: await accepts(lan.address, port),
      fromLoopback: await accepts('127.0.0.1', port),
      aWildcardServerFromTheNetwork: await accepts(lan.address, control.port),
    };

    // Assess
    expect(reach, `via ${lan.address} (${lan.source})`).toEqual({
      fromTheNetwork: false,
      fromLoopback: true,
      aWildcardServerFromTheNetwork: true,
    });
  });
});

describe('DynamoDB Local whose classes are not those the launch program was written for', () => {
  it('exits during start-up, naming what it missed, and leaves nothing listening', async () => {
    // Prepare: a cache entry whose DynamoDBLocal.jar holds Jetty's server but no DynamoDB Local
    const real = await ensureDynamoDbLocal();
    const jetty = (await readdir(real.libDir)).find((name) => /^jetty-server-.*\.jar$/.test(name));
    const cacheDir = await mkdtemp(join(tmpdir(), 'aiops-ddb-changed-'));
    onTestFinished(() => rm(cacheDir, { recursive: true, force: true }));
    await mkdir(join(cacheDir, 'emulator', 'DynamoDBLocal_lib'), { recursive: true });
    await copyFile(join(real.libDir, jetty as string), join(cacheDir, 'emulator', 'DynamoDBLocal.jar'));
    await writeFile(join(cacheDir, '.complete'), '{}');
    const port = await freePort();

    // Act
    const start = startDynamoDbLocal({ cacheDir, port, startTimeoutMs: 60_000 });

    // Assess
    await expect(start).rejects.toThrow(/exited during start-up \(1\)[\s\S]*ServerRunner/);
    expect(await accepts('127.0.0.1', port)).toBe(false);
  });

  it('is refused by a Java runtime without the compiler module, with what to install instead', async () => {
    // Prepare: the modules of a runtime trimmed to Java SE, as some jlink-built JREs are
    const jvmOptions = ['-XX:TieredStopAtLevel=1', '--limit-modules', 'java.se'];

    // Act
    const start = startDynamoDbLocal({ jvmOptions });

    // Assess
    await expect(start).rejects.toThrow(/no jdk\.compiler module[^.]*openjdk-17-jre-headless/);
  });
});

describe('DynamoDB Local and the process that started it', () => {
  it('exits, and frees its port, when that process is killed without a chance to stop it', async () => {
    // Prepare: a node process that starts DynamoDB Local and prints its endpoint
    const launcher = new URL('../../../lib/local/dynamodb-local/index.ts', import.meta.url).pathname;
    const parent = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { startDynamoDbLocal } = await import(${JSON.stringify(launcher)});
         const ddb = await startDynamoDbLocal();
         process.stdout.write(JSON.stringify({ endpoint: ddb.endpoint }) + '\\n');
         setInterval(() => undefined, 60_000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    onTestFinished(() => void parent.kill('SIGKILL'));
    const { endpoint } = await new Promise<{ endpoint: string }>((resolve, reject) => {
      parent.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString())));
      parent.once('exit', (code) => reject(new Error(`the launcher exited (${code}) before printing`)));
    });
    const port = Number(new URL(endpoint).port);
    const javaPids: number[] = [];
    for (const pid of await descendants(parent.pid as number))
      if ((await commandOf(pid)).includes('java')) javaPids.push(pid);
    const java = await snapshot(javaPids);
    onTestFinished(() => killLeft(java));
    expect(java.size).toBe(1);

    // Act
    parent.kill('SIGKILL');

    // Assess
    await eventually(
      async () => ((await running(java)).length === 0 ? true : undefined),
      10_000,
      'Java to exit',
    );
    expect(await accepts('127.0.0.1', port)).toBe(false);
  });
});

describe('DynamoDB Local with a data directory', () => {
  let dataDir: string;

  beforeAll(async () => {
    // Characters that a shell, XML or a URL would each take for something else.
    dataDir = await mkdtemp(join(tmpdir(), `aiops-ddb data & <'"> -`));
  });

  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('keeps items across a restart on the same data directory', async () => {
    // Prepare
    const item = { pk: { S: 'APP#persist' }, sk: { S: 'LATEST' } };
    const first = await startDynamoDbLocal({ dataDir });
    onTestFinished(() => first.stop());
    const firstClient = dynamoClient(first.endpoint);
    await createTables(firstClient, 'persist');
    await firstClient.send(new PutItemCommand({ TableName: 'persist-appliances', Item: item }));
    firstClient.destroy();
    await first.stop();

    // Act
    const second = await startDynamoDbLocal({ dataDir });
    onTestFinished(() => second.stop());
    const secondClient = dynamoClient(second.endpoint);
    onTestFinished(() => secondClient.destroy());
    const read = await secondClient.send(
      new GetItemCommand({ TableName: 'persist-appliances', Key: item, ConsistentRead: true }),
    );

    // Assess
    expect(read.Item).toEqual(item);
    await expect(access(join(dataDir, 'shared-local-instance.db'))).resolves.toBeUndefined();
  });
});

describe('verifyIntegrity', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aiops-integrity-'));
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('accepts a file whose sha512 matches', async () => {
    // Prepare
    const file = join(dir, 'good.tgz');
    await writeFile(file, 'the pinned bytes');
    const integrity = `sha512-${createHash('sha512').update('the pinned bytes').digest('base64')}`;

    // Act
    const check = verifyIntegrity(file, integrity);

    // Assess
    await expect(check).resolves.toBeUndefined();
    await expect(access(file)).resolves.toBeUndefined();
  });

  it('rejects and deletes a file whose sha512 differs', async () => {
    // Prepare
    const file = join(dir, 'tampered.tgz');
    await writeFile(file, 'other bytes');
    const integrity = `sha512-${createHash('sha512').update('the pinned bytes').digest('base64')}`;

    // Act
    const check = verifyIntegrity(file, integrity);

    // Assess
    await expect(check).rejects.toThrow(/Integrity check failed .*expected sha512-/);
    await expect(access(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
