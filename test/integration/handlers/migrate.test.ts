import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '#adapters/postgres/migrations';
import { createSqlClient } from '#adapters/postgres/sql-client';
import { createMigrateHandler, SCHEMA_RESOURCE_ID } from '#handlers/migrate';
import type { Runtime } from '#runtime/runtime';
import { tablelessRuntime } from '../../support/runtime.ts';

const context = { functionName: 'migrate', awsRequestId: 'req-1' } as Context;
const event = (RequestType: 'Create' | 'Update' | 'Delete') =>
  ({
    RequestType,
    PhysicalResourceId: SCHEMA_RESOURCE_ID,
    ResourceProperties: {},
  }) as unknown as CloudFormationCustomResourceEvent;

describe('migrate handler (the schema custom resource) on PGlite', () => {
  let dir: string;
  let runtime: Runtime;
  beforeAll(async () => {
    // A PGlite data directory, so the handler's client and the check below see the same database.
    dir = mkdtempSync(join(tmpdir(), 'migrate-'));
    runtime = await tablelessRuntime();
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the schema on Create, applies nothing on Update, and leaves it on Delete', async () => {
    // Prepare: the handler opens the database each time, as the entry does from its environment
    const handler = createMigrateHandler({ runtime, open: () => createSqlClient({ PGLITE_DATA_DIR: dir }) });

    // Act
    const created = await handler(event('Create'), context);
    const updated = await handler(event('Update'), context);
    const deleted = await handler(event('Delete'), context);
    const sql = await createSqlClient({ PGLITE_DATA_DIR: dir });
    const { rows } = await sql.query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    const tables = await sql.query("SELECT to_regclass('ai_decisions') IS NOT NULL AS present");
    await sql.close();

    // Assess
    expect(created).toEqual({
      PhysicalResourceId: SCHEMA_RESOURCE_ID,
      Data: { Applied: MIGRATIONS.map((m) => m.version).join(',') },
    });
    expect(updated).toEqual({ PhysicalResourceId: SCHEMA_RESOURCE_ID, Data: { Applied: '' } });
    expect(deleted).toEqual({ PhysicalResourceId: SCHEMA_RESOURCE_ID });
    expect(rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
    expect(tables.rows[0]).toEqual({ present: true });
  });
});
