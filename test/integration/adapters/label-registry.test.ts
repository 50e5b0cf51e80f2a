import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoLabelRegistry } from '#adapters/label-registry';
import { freshTables } from '../../support/dynamodb.ts';

let db: DynamoDBDocumentClient;
let table: string;
beforeAll(async () => {
  const { client, tables } = await freshTables();
  db = DynamoDBDocumentClient.from(client);
  table = tables.metrics;
});

let tenants = 0;
/** A tenant of its own per test: the table is shared by the file. */
const newTenant = () => `tenant-${++tenants}`;
const models = (n: number, prefix = 'm') => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

describe('DynamoLabelRegistry on DynamoDB Local', () => {
  it('admits a tenant’s first values up to the bound, in order, and refuses the rest for good', async () => {
    // Prepare
    const acme = newTenant();
    const registry = new DynamoLabelRegistry(db, table, 3);

    // Act
    const first = await registry.admit(acme, 'model', ['m1', 'm2']);
    const second = await registry.admit(acme, 'model', ['m3', 'm4', 'm1', 'm5']);
    const again = await registry.admit(acme, 'model', models(5));

    // Assess
    expect([...first]).toEqual(['m1', 'm2']);
    expect([...second].sort()).toEqual(['m1', 'm3']);
    expect([...again].sort()).toEqual(['m1', 'm2', 'm3']);
  });

  it('answers the same in every instance, cold or warm, and keeps tenants and labels apart', async () => {
    // Prepare: one instance fills acme's models
    const acme = newTenant();
    const globex = newTenant();
    await new DynamoLabelRegistry(db, table, 3).admit(acme, 'model', models(5));
    const cold = new DynamoLabelRegistry(db, table, 3);

    // Act
    const fromCold = await cold.admit(acme, 'model', [...models(5)].reverse());
    const otherLabel = await cold.admit(acme, 'action', ['m4', 'm5']);
    const otherTenant = await cold.admit(globex, 'model', ['m5', 'm4', 'g1']);

    // Assess
    expect([...fromCold].sort()).toEqual(['m1', 'm2', 'm3']);
    expect([...otherLabel].sort()).toEqual(['m4', 'm5']);
    expect([...otherTenant].sort()).toEqual(['g1', 'm4', 'm5']);
  });

  it('admits exactly the bound when many instances race, and they all agree afterwards', async () => {
    // Prepare: six instances (six Lambda containers), each with 20 new values in its own order
    const acme = newTenant();
    const instances = Array.from({ length: 6 }, () => new DynamoLabelRegistry(db, table, 5));
    const values = models(20, 'x');
    const shuffled = (seed: number) =>
      [...values].sort((a, b) => ((a.charCodeAt(1) * seed) % 7) - ((b.charCodeAt(1) * seed) % 7));

    // Act
    const raced = await Promise.all(instances.map((r, i) => r.admit(acme, 'playbook_type', shuffled(i + 2))));
    const settled = await Promise.all(instances.map((r) => r.admit(acme, 'playbook_type', values)));

    // Assess
    const union = new Set(raced.flatMap((s) => [...s]));
    expect(union.size).toBe(5);
    for (const answer of settled) expect([...answer].sort()).toEqual([...union].sort());
  });

  it('keeps the values admitted under a bound later lowered, and admits more when it is raised', async () => {
    // Prepare
    const acme = newTenant();
    await new DynamoLabelRegistry(db, table, 4).admit(acme, 'service', ['a', 'b', 'c', 'd']);

    // Act
    const lowered = await new DynamoLabelRegistry(db, table, 2).admit(acme, 'service', [
      'a',
      'b',
      'c',
      'd',
      'e',
    ]);
    const raised = await new DynamoLabelRegistry(db, table, 6).admit(acme, 'service', ['e', 'f', 'g']);

    // Assess
    expect([...lowered].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect([...raised].sort()).toEqual(['e', 'f']);
  });

  it('tells which values were admitted without admitting any, seeing what other instances admitted since', async () => {
    // Prepare: the reader warms up before the writer admits anything
    const acme = newTenant();
    const reader = new DynamoLabelRegistry(db, table, 3);
    const writer = new DynamoLabelRegistry(db, table, 3);
    const before = await reader.admitted(acme, 'service', ['named', 'smbd']);

    // Act
    await writer.admit(acme, 'service', ['named']);
    const after = await reader.admitted(acme, 'service', ['named', 'smbd']);
    const later = await writer.admit(acme, 'service', ['a', 'b', 'smbd']);

    // Assess: smbd was never admitted by the reads, so the writer's third slot went to b, not smbd
    expect([...before]).toEqual([]);
    expect([...after]).toEqual(['named']);
    expect([...later].sort()).toEqual(['a', 'b']);
  });

  it('refuses a bound that is not a positive whole number', () => {
    expect(() => new DynamoLabelRegistry(db, table, 0)).toThrow('label value bound');
  });
});
