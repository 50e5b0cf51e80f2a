import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Runtime, RuntimeFamily } from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#contract/routes';
import { NODE_RUNTIME, PowertoolsFunction } from '#lib/constructs/powertools-function';
import { actionsOf, logicalId, statementsOf } from './support.ts';

const ENTRY = fileURLToPath(new URL('./fixtures/alias-handler.ts', import.meta.url));

function build(props: Partial<ConstructorParameters<typeof PowertoolsFunction>[2]> = {}) {
  const app = new App();
  const stack = new Stack(app, 'Test');
  const fn = new PowertoolsFunction(stack, 'Fn', { name: 'alias-handler', entry: ENTRY, ...props });
  const template = Template.fromStack(stack);
  return { app, stack, fn, template };
}

describe('PowertoolsFunction', () => {
  let built: ReturnType<typeof build>;
  beforeAll(() => {
    built = build();
  });

  it('runs the newest Node.js runtime aws-cdk-lib knows, on ARM, with X-Ray', () => {
    // Prepare
    const version = (r: Runtime) => Number(/nodejs(\d+)/.exec(r.name)?.[1] ?? 0);
    const newest = Math.max(...Runtime.ALL.filter((r) => r.family === RuntimeFamily.NODEJS).map(version));

    // Assess
    expect(version(NODE_RUNTIME)).toBe(newest);
    built.template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: NODE_RUNTIME.name,
      Architectures: ['arm64'],
      Handler: 'index.handler',
      TracingConfig: { Mode: 'Active' },
      MemorySize: 512,
      Timeout: 10,
      Environment: {
        Variables: {
          POWERTOOLS_SERVICE_NAME: 'alias-handler',
          POWERTOOLS_METRICS_NAMESPACE: 'AiopsObservability',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          POWERTOOLS_TRACE_ENABLED: 'true',
        },
      },
      LoggingConfig: { LogGroup: { Ref: logicalId(built.fn.logGroup) } },
    });
  });

  it('writes to its own log group with retention, kept by default', () => {
    // Assess
    built.template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 30 },
      DeletionPolicy: 'Retain',
    });
  });

  it('uses its own role: no managed policies, logs to its group and X-Ray only', () => {
    // Prepare
    const role = logicalId(built.fn.role);

    // Act
    const statements = statementsOf(built.template, role);

    // Assess
    built.template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
    expect(actionsOf(statements).sort()).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
    const logStatement = statements.find((s) => actionsOf([s]).includes('logs:PutLogEvents'));
    expect(logStatement?.Resource).toEqual({ 'Fn::GetAtt': [logicalId(built.fn.logGroup), 'Arn'] });
  });

  it('bundles an ESM file that resolves the #aliases and runs', async () => {
    // Prepare
    const fn = Object.values(built.template.findResources('AWS::Lambda::Function'))[0];
    const hash = String(fn?.Properties.Code.S3Key).replace(/\.zip$/, '');
    const file = join(built.app.outdir, `asset.${hash}`, 'index.mjs');
    const code = readFileSync(file, 'utf8');

    // Act
    const mod = (await import(pathToFileURL(file).href)) as { handler: () => Promise<{ body: string }> };
    const res = await mod.handler();

    // Assess
    expect(code.startsWith("import { createRequire } from 'module';")).toBe(true);
    expect(code).not.toMatch(/["']#(contract|shared|domain|adapters)\//);
    expect(JSON.parse(res.body)).toEqual({ routes: ROUTES.length, prefix: 'aiops' });
  });

  it('drops X-Ray and its permissions when tracing is off', () => {
    // Act
    const off = build({ tracing: false });

    // Assess
    off.template.hasResourceProperties('AWS::Lambda::Function', {
      TracingConfig: Match.absent(),
      Environment: { Variables: Match.objectLike({ POWERTOOLS_TRACE_ENABLED: 'false' }) },
    });
    expect(
      actionsOf(statementsOf(off.template, logicalId(off.fn.role))).some((a) => a.startsWith('xray:')),
    ).toBe(false);
  });

  it('logs in JSON with Lambda’s own lines at WARN at INFO, and keeps the text format above INFO', () => {
    // Prepare
    const warn = build({ logLevel: 'WARN' });
    const reported = build({ systemLogLevel: 'INFO' });

    // Assess: at INFO Lambda's START/END/REPORT lines are left out, the application level is
    // Powertools' own (Lambda's AWS_LAMBDA_LOG_LEVEL wins over POWERTOOLS_LOG_LEVEL)
    built.template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'WARN' },
    });
    reported.template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'INFO' },
    });
    // Assess: above INFO the EMF lines (no level: INFO to Lambda) would be filtered out
    const [fn] = Object.values(warn.template.findResources('AWS::Lambda::Function'));
    expect(fn?.Properties.LoggingConfig).toEqual({ LogGroup: { Ref: logicalId(warn.fn.logGroup) } });
    expect(fn?.Properties.Environment.Variables.POWERTOOLS_LOG_LEVEL).toBe('WARN');
  });
});
