import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { indexProjection, TABLES, tableNames } from '#adapters/dynamodb-tables';
import { parseConfig } from '#lib/config';
import { DataStack } from '#lib/stacks/data-stack';

const TABLE = 'AWS::DynamoDB::GlobalTable';

/** The projection CloudFormation should hold for an index definition. */
function projectionOf(index: (typeof TABLES)[number]['indexes'][number]) {
  const p = indexProjection(index);
  return p.type === 'INCLUDE'
    ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...p.attributes] }
    : { ProjectionType: p.type };
}

function synth(overrides: Record<string, unknown> = {}): { stack: DataStack; template: Template } {
  const stack = new DataStack(new App(), 'Data', { config: parseConfig({ prefix: 'test', ...overrides }) });
  return { stack, template: Template.fromStack(stack) };
}

describe('DataStack', () => {
  let stack: DataStack;
  let template: Template;
  beforeAll(() => {
    ({ stack, template } = synth());
  });

  it('creates exactly one table per definition', () => {
    // Assess
    template.resourceCountIs(TABLE, TABLES.length);
    expect(Object.keys(stack.tables).sort()).toEqual(TABLES.map((t) => t.name).sort());
  });

  it.each(TABLES.map((t) => [t.name, t] as const))(
    '%s: keys, indexes, streams and TTL from the definition',
    (_name, def) => {
      // Prepare
      const keySchema = [
        { AttributeName: def.partitionKey, KeyType: 'HASH' },
        ...(def.sortKey ? [{ AttributeName: def.sortKey, KeyType: 'RANGE' }] : []),
      ];
      const indexes = def.indexes.map((i) => ({
        IndexName: i.name,
        KeySchema: [
          { AttributeName: i.partitionKey, KeyType: 'HASH' },
          { AttributeName: i.sortKey, KeyType: 'RANGE' },
        ],
        Projection: projectionOf(i),
      }));
      const attributes = [
        def.partitionKey,
        def.sortKey,
        ...def.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
      ];

      // Assess
      template.hasResourceProperties(TABLE, {
        TableName: tableNames('test')[def.name],
        KeySchema: keySchema,
        GlobalSecondaryIndexes: def.indexes.length > 0 ? indexes : Match.absent(),
        AttributeDefinitions: Match.arrayWith(
          [...new Set(attributes.filter((a): a is string => !!a))].map((a) => ({
            AttributeName: a,
            AttributeType: 'S',
          })),
        ),
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        StreamSpecification: def.stream ? { StreamViewType: 'NEW_AND_OLD_IMAGES' } : Match.absent(),
        TimeToLiveSpecification: def.ttlAttribute
          ? { AttributeName: def.ttlAttribute, Enabled: true }
          : Match.absent(),
        Replicas: [
          Match.objectLike({
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            DeletionProtectionEnabled: true,
          }),
        ],
      });
    },
  );

  it('retains the tables by default', () => {
    // Assess
    const tables = Object.values(template.findResources(TABLE));
    expect(tables.map((t) => [t.DeletionPolicy, t.UpdateReplacePolicy])).toEqual(
      TABLES.map(() => ['Retain', 'Retain']),
    );
  });

  it("drops deletion protection and deletes the tables with removalPolicy 'destroy'", () => {
    // Act
    const { template: destroy } = synth({ removalPolicy: 'destroy' });

    // Assess
    const tables = Object.values(destroy.findResources(TABLE));
    expect(tables.map((t) => t.DeletionPolicy)).toEqual(TABLES.map(() => 'Delete'));
    for (const t of tables) expect(t.Properties.Replicas[0].DeletionProtectionEnabled).toBe(false);
  });
});
