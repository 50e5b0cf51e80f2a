import { describe, expect, it } from 'vitest';
import { databaseTarget, redactUrl } from '../../../lib/analytics/database-target.ts';
import { trainingFiltersFrom } from '../../../lib/analytics/export-cli.ts';
import type { LocalState } from '../../../lib/cli/local-state.ts';

const STACK: LocalState = {
  url: 'http://127.0.0.1:3000',
  dynamodbEndpoint: 'http://127.0.0.1:8000',
  tablePrefix: 'aiops-local',
  pid: 1,
  replicaUrl: 'postgresql://postgres:pw@127.0.0.1:5999/postgres',
};
const running = async () => STACK;
const none = async () => undefined;
const ARNS = {
  RDS_DATA_RESOURCE_ARN: 'arn:aws:rds:eu-central-1:123456789012:cluster:aiops-replica',
  RDS_DATA_SECRET_ARN: 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:aiops-AbCdEf',
};

describe('databaseTarget', () => {
  it('takes --local, then a URL, then the Data API, then the running local stack', async () => {
    // Act
    const local = await databaseTarget({ local: true }, { DATABASE_URL: 'postgresql://x@db/a' }, running);
    const url = await databaseTarget({}, { DATABASE_URL: 'postgresql://u:secret@db/a', ...ARNS }, running);
    const flag = await databaseTarget(
      { databaseUrl: 'postgresql://flag@db/b' },
      { DATABASE_URL: 'postgresql://env@db/a' },
      none,
    );
    const dataApi = await databaseTarget({ database: 'analytics' }, ARNS, running);
    const fallback = await databaseTarget({}, {}, running);
    // Assess
    expect([local.backend, local.description]).toEqual([
      'pg',
      `the local stack's replica (${STACK.replicaUrl})`,
    ]);
    expect([url.backend, url.description]).toEqual(['pg', 'postgresql://u:***@db/a']);
    expect(flag.description).toBe('postgresql://flag@db/b');
    expect([dataApi.backend, dataApi.description]).toEqual([
      'rds-data',
      `the Data API (${ARNS.RDS_DATA_RESOURCE_ARN}, database analytics)`,
    ]);
    expect(fallback.backend).toBe('pg');
  });

  it('says what to give when nothing names a database, or only half of the Data API', async () => {
    // Act + Assess
    await expect(databaseTarget({}, {}, none)).rejects.toThrow(/no database: give --database-url/);
    await expect(databaseTarget({ clusterArn: ARNS.RDS_DATA_RESOURCE_ARN }, {}, none)).rejects.toThrow(
      /needs both --cluster-arn and --secret-arn/,
    );
    const { replicaUrl: _u, ...noReplica } = STACK;
    await expect(databaseTarget({}, {}, async () => noReplica)).rejects.toThrow(/publishes no replica/);
    expect(redactUrl('not a url')).not.toContain('not a url');
  });
});

describe('trainingFiltersFrom', () => {
  it('turns flags into filters and refuses bad values', () => {
    // Prepare
    const now = new Date('2026-11-21T10:00:00Z');
    // Act
    const filters = trainingFiltersFrom(
      {
        since: '7d',
        minConfidence: '0.8',
        humanVerified: true,
        thumbsUp: true,
        success: true,
        trainingData: true,
      },
      now,
    );
    // Assess
    expect(filters).toEqual({
      since: '2026-11-14T10:00:00.000Z',
      minConfidence: 0.8,
      humanVerified: true,
      thumbsUp: true,
      success: true,
      trainingData: true,
    });
    expect(trainingFiltersFrom({}, now)).toEqual({});
    expect(() => trainingFiltersFrom({ minConfidence: 'high' }, now)).toThrow(/--min-confidence: "high"/);
    expect(() => trainingFiltersFrom({ until: 'soon' }, now)).toThrow(/--until: "soon" is not a time/);
  });
});
