import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_LEASE_MS } from '#adapters/exporter-state';
import { type AiopsApp, buildApp } from '#lib/app';
import type { PipelineFunctionName } from '#lib/stacks/pipeline-stack';
import { actionsOf, json, logicalId, type Statement, statementsOf } from './support.ts';

describe('PipelineStack', () => {
  let built: AiopsApp;
  let template: Template;
  beforeAll(() => {
    // Only this stack's functions are bundled (the replica bundle is loaded below).
    built = buildApp({
      context: { 'aws:cdk:bundling-stacks': ['aiops-pipeline'] },
      nag: false,
      cloudFormationValidation: false,
    });
    template = Template.fromStack(built.pipeline);
  });
  const fnId = (name: PipelineFunctionName) => logicalId(built.pipeline.functions[name].function);
  /** The statements of the function's data policy (table, Data API, AMP access). */
  const dataStatements = (name: PipelineFunctionName): Statement[] => {
    const policy = built.pipeline.functions[name].node.findChild('DataPolicy');
    return template.toJSON().Resources[logicalId(policy)].Properties.PolicyDocument.Statement as Statement[];
  };
  const mappings = () => Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
  const tableRef = (name: 'decisions' | 'appliances') => logicalId(built.data.tables[name]);

  it('maps the decisions stream to the aggregator and the replica, the appliances stream to the replica', () => {
    // Act
    const pairs = mappings()
      .map(
        (m) =>
          `${json(m.Properties.EventSourceArn).includes(tableRef('decisions')) ? 'decisions' : json(m.Properties.EventSourceArn).includes(tableRef('appliances')) ? 'appliances' : '?'} → ${m.Properties.FunctionName.Ref}`,
      )
      .sort();

    // Assess
    expect(pairs).toEqual(
      [
        `decisions → ${fnId('aggregator')}`,
        `decisions → ${fnId('replica')}`,
        `appliances → ${fnId('replica')}`,
      ].sort(),
    );
  });

  it('reads each stream in order from the oldest record, retrying with bisection and partial failures', () => {
    // Assess
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 3);
    template.allResourcesProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 1,
      MaximumRetryAttempts: built.config.streamRetryAttempts,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ParallelizationFactor: 1,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it("sends each mapping's failures to its own encrypted, TLS-only queue kept 14 days (alarmed by the observability stack)", () => {
    // Prepare
    const queues = template.findResources('AWS::SQS::Queue');

    // Act
    const destinations = mappings().map(
      (m) => m.Properties.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0] as string,
    );

    // Assess
    expect(new Set(destinations).size).toBe(3);
    for (const queue of destinations) {
      expect(queues[queue]?.Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 86_400,
      });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queue }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('gives each consumer its own encrypted, TLS-only record queue (1 MiB messages, 14 days) it may only send to', () => {
    for (const name of ['aggregator', 'replica'] as const) {
      // Prepare
      const queue = built.pipeline[`${name}Streams`].recordDeadLetterQueue;
      const id = logicalId(queue);
      const fn = template.toJSON().Resources[fnId(name)];

      // Act
      const onQueue = statementsOf(template, logicalId(built.pipeline.functions[name].role)).filter((s) =>
        json(s.Resource).includes(`"${id}"`),
      );

      // Assess
      expect(template.toJSON().Resources[id].Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 86_400,
        MaximumMessageSize: 1_048_576,
      });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
      expect(fn.Properties.Environment.Variables.RECORD_DEAD_LETTER_QUEUE_URL).toEqual({ Ref: id });
      expect(onQueue.map((s) => s.Action)).toEqual(['sqs:SendMessage']);
    }
  });

  it('leaves alarms to the observability stack (one naming and severity convention for all)', () => {
    // Assess
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });

  it('runs Aurora PostgreSQL Serverless v2 with the Data API, encrypted, protected and backed up', () => {
    // Assess
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-postgresql',
      EnableHttpEndpoint: true,
      StorageEncrypted: true,
      DeletionProtection: true,
      BackupRetentionPeriod: built.config.replicaBackupRetentionDays,
      ServerlessV2ScalingConfiguration: {
        MinCapacity: built.config.replicaMinCapacity,
        MaxCapacity: built.config.replicaMaxCapacity,
      },
    });
    template.hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceClass: 'db.serverless' });
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
  });

  it('outputs the Data API coordinates the replica function uses, for aiops-obs report and export', () => {
    // Prepare
    const replicaEnv = template.toJSON().Resources[fnId('replica')].Properties.Environment.Variables;

    // Act
    const outputs = template.toJSON().Outputs;

    // Assess
    expect(outputs.ReplicaClusterArn.Value).toEqual(replicaEnv.RDS_DATA_RESOURCE_ARN);
    expect(outputs.ReplicaSecretArn.Value).toEqual(replicaEnv.RDS_DATA_SECRET_ARN);
    expect(outputs.ReplicaDatabaseName.Value).toBe(replicaEnv.RDS_DATA_DATABASE);
    expect(JSON.stringify(outputs)).not.toMatch(/SecretString|password/i);
  });

  it('keeps every function out of the VPC', () => {
    // Act
    const inVpc = Object.entries(template.findResources('AWS::Lambda::Function')).filter(
      ([, f]) => f.Properties.VpcConfig !== undefined,
    );

    // Assess
    expect(inVpc).toEqual([]);
  });

  it.each(['replica', 'migrate'] as const)(
    'lets the %s use the Data API on this cluster and read only its secret',
    (name) => {
      // Prepare
      const cluster = logicalId(built.pipeline.replica.cluster);
      const secretAttachment = logicalId(built.pipeline.replica.cluster.secret as never);

      // Act
      const statements = dataStatements(name);
      const rdsData = statements.filter((s) => json(s.Action).includes('rds-data:'));
      const secrets = statements.filter((s) => json(s.Action).includes('secretsmanager:'));

      // Assess
      expect(actionsOf(rdsData)).toEqual(
        expect.arrayContaining(['rds-data:ExecuteStatement', 'rds-data:BeginTransaction']),
      );
      expect(json(rdsData.map((s) => s.Resource))).toContain(cluster);
      expect(json(rdsData.map((s) => s.Resource))).not.toContain('*');
      expect(secrets.map((s) => s.Resource)).toEqual([{ Ref: secretAttachment }]);
      // The replica's only table action: setting its pipeline-lag gauge in the metrics table.
      const tableStatements = statements.filter((s) => json(s.Action).includes('dynamodb:'));
      expect(actionsOf(tableStatements)).toEqual(name === 'replica' ? ['dynamodb:UpdateItem'] : []);
      expect(json(tableStatements.map((s) => s.Resource))).not.toMatch(/Decisions|Appliances|Keys|\*/);
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({
            RDS_DATA_RESOURCE_ARN: Match.anyValue(),
            RDS_DATA_SECRET_ARN: { Ref: secretAttachment },
            RDS_DATA_DATABASE: 'aiops',
          }),
        },
      });
    },
  );

  it('lets the replica read its two streams and send only to its own on-failure and record queues', () => {
    // Prepare
    const statements = statementsOf(template, logicalId(built.pipeline.functions.replica.role));
    const { mappings: replicaMappings, recordDeadLetterQueue } = built.pipeline.replicaStreams;
    const queues = [...replicaMappings.map((m) => m.onFailureQueue), recordDeadLetterQueue]
      .map(logicalId)
      .sort();

    // Act (the lag gauge's UpdateItem on the metrics table is checked with the Data API above)
    const streamActions = actionsOf(
      statements.filter((s) => json(s.Action).includes('dynamodb:') && s.Sid !== 'setPipelineLag'),
    );
    const sqsTargets = statements
      .filter((s) => json(s.Action).includes('sqs:'))
      .map((s) => (s.Resource as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0])
      .sort();

    // Assess
    expect([...new Set(streamActions)].sort()).toEqual([
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
      'dynamodb:ListStreams',
    ]);
    expect(json(statements.filter((s) => json(s.Action).includes('dynamodb:')))).not.toContain('"*"');
    expect(sqsTargets).toEqual(queues);
  });

  it('lets the aggregator write only the metrics table, with the per-item actions of its transactions', () => {
    // Act
    const statements = dataStatements('aggregator');

    // Assess
    expect(actionsOf(statements)).toEqual(
      expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem']),
    );
    expect(actionsOf(statements).some((a) => /Delete|Scan|\*/.test(a))).toBe(false);
    expect(json(statements.map((s) => s.Resource))).toMatch(/Metrics/);
    expect(json(statements.map((s) => s.Resource))).not.toMatch(/Decisions|Appliances|Keys/);
  });

  it('lets the exporter read and write metrics only, scan the appliances index only, read appliances by key, and remote-write to this workspace only', () => {
    // Prepare
    const workspace = logicalId(built.pipeline.prometheus.workspace);

    // Act
    const statements = dataStatements('exporter');
    const scan = statements.filter((s) => actionsOf([s]).includes('dynamodb:Scan'));
    const remoteWrite = statements.filter((s) => json(s.Action).includes('aps:'));

    // Assess
    expect(json(scan.map((s) => s.Resource))).toContain('/index/byTenant');
    expect(json(scan.map((s) => s.Resource))).not.toMatch(/"Fn::GetAtt":\[[^\]]*\],"Arn"\]\}?\]?$/);
    const byKey = statements.filter((s) => s.Sid === 'batchReadAppliances');
    expect(actionsOf(byKey)).toEqual(['dynamodb:BatchGetItem']);
    expect(json(byKey.map((s) => s.Resource))).toMatch(/Appliances/);
    expect(json(byKey.map((s) => s.Resource))).not.toMatch(/Decisions|Keys|Metrics|index/);
    expect(remoteWrite).toEqual([
      expect.objectContaining({ Action: 'aps:RemoteWrite', Resource: { 'Fn::GetAtt': [workspace, 'Arn'] } }),
    ]);
    const writes = statements.filter((s) => actionsOf([s]).some((a) => /PutItem|UpdateItem/.test(a)));
    expect(json(writes.map((s) => s.Resource))).toMatch(/Metrics/);
    expect(json(writes.map((s) => s.Resource))).not.toMatch(/Decisions|Appliances|Keys/);
    expect(actionsOf(statements).some((a) => /Delete|\*/.test(a))).toBe(false);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          REMOTE_WRITE_URL: {
            'Fn::Join': ['', [{ 'Fn::GetAtt': [workspace, 'PrometheusEndpoint'] }, 'api/v1/remote_write']],
          },
          REMOTE_WRITE_SIGV4_REGION: { Ref: 'AWS::Region' },
        }),
      },
    });
    template.hasResourceProperties('AWS::APS::Workspace', { Alias: 'aiops' });
  });

  it('updates the exporter before the functions that stamp the creation of series, and times it out with its lease', () => {
    // Act
    const resources = template.toJSON().Resources;

    // Assess
    for (const name of ['aggregator', 'access-log-metrics'] as const)
      expect(resources[fnId(name)].DependsOn, name).toContain(fnId('exporter'));
    expect(resources[fnId('exporter')].Properties.Timeout).toBe(EXPORT_LEASE_MS / 1000);
  });

  it('invokes the exporter every minute through a role that may invoke only it, with retries and a DLQ', () => {
    // Prepare
    const schedule = Object.values(template.findResources('AWS::Scheduler::Schedule'))[0];
    const roleId = schedule?.Properties.Target.RoleArn['Fn::GetAtt'][0] as string;

    // Act
    const statements = statementsOf(template, roleId);

    // Assess
    expect(schedule?.Properties).toMatchObject({
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [fnId('exporter'), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 120 },
        DeadLetterConfig: {
          Arn: { 'Fn::GetAtt': [logicalId(built.pipeline.prometheus.scheduleDeadLetterQueue), 'Arn'] },
        },
      },
    });
    const invoke = statements.filter((s) => json(s.Action).includes('lambda:'));
    expect(actionsOf(invoke)).toEqual(['lambda:InvokeFunction']);
    expect(json(invoke.map((s) => s.Resource))).toContain(fnId('exporter'));
    expect(actionsOf(statements.filter((s) => !invoke.includes(s)))).toEqual(['sqs:SendMessage']);
    expect(json(invoke.map((s) => s.Resource))).not.toMatch(
      new RegExp(`${fnId('replica')}|${fnId('aggregator')}`),
    );
  });

  it('migrates the schema through a custom resource that waits for the cluster and its writer', () => {
    // Prepare
    const resource = Object.values(template.findResources('Custom::ReplicaSchema'))[0];
    const cluster = logicalId(built.pipeline.replica.cluster);

    // Act
    const dependsOn = resource?.DependsOn as string[];

    // Assess
    expect(dependsOn).toEqual(expect.arrayContaining([cluster, expect.stringMatching(/Writer/)]));
    expect(json(resource?.Properties.ServiceToken)).toMatch(/frameworkonEvent/);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          USER_ON_EVENT_FUNCTION_ARN: { 'Fn::GetAtt': [fnId('migrate'), 'Arn'] },
        }),
      },
    });
  });

  it('bundles the replica with PGlite and pg left out, and the bundle loads without them', () => {
    // Prepare
    const asset = built.pipeline.functions.replica.function.node.findChild('Code') as Asset;
    const file = join(built.app.outdir, asset.assetPath, 'index.mjs');
    const code = readFileSync(file, 'utf8');

    // Act: the asset directory has no node_modules, so neither package can resolve there.
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(typeof m.handler);`,
      ],
      {
        cwd: join(built.app.outdir, asset.assetPath),
        env: { PATH: process.env.PATH, POWERTOOLS_METRICS_DISABLED: 'true' },
        encoding: 'utf8',
      },
    );

    // Assess
    expect(existsSync(join(built.app.outdir, asset.assetPath, 'node_modules'))).toBe(false);
    expect(code).not.toMatch(/from\s*["'](pg|@electric-sql\/pglite)["']/);
    expect(code).toMatch(/import\(\s*["']\.\/pg-client\.ts["']\s*\)/);
    expect(code).toMatch(/import\(\s*["']\.\/pglite-client\.ts["']\s*\)/);
    expect(out.trim()).toBe('function');
  });
});
