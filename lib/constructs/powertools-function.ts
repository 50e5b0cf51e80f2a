import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FUNCTION_BUNDLING } from '../bundling.ts';

/** The newest Node.js runtime aws-cdk-lib defines; a test fails when a newer one appears. */
export const NODE_RUNTIME = lambda.Runtime.NODEJS_24_X;
/** CloudWatch namespace of every Powertools metric. */
export const METRICS_NAMESPACE = 'AiopsObservability';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Lambda's logging configuration for a Powertools log level. At INFO and DEBUG the function
 * logs in Lambda's JSON format with system logs at WARN: Lambda leaves out its START, END and
 * REPORT lines (about 360 bytes per invocation, a fifth of a decision's log bytes); the
 * Duration, Errors and Throttles metrics stay, the per-invocation memory used does not (set
 * `systemLogLevel` to INFO on a function to see it again). Lambda then sets
 * `AWS_LAMBDA_LOG_LEVEL`, which Powertools takes over `POWERTOOLS_LOG_LEVEL`, so the
 * application level is the same level. Above INFO the text format stays: Lambda would file the
 * EMF metric lines, which carry no level, as INFO and drop them.
 * @example new lambda.Function(this, 'Fn', { ...props, ...leveledLogging('INFO') })
 */
export function leveledLogging(
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR',
  systemLogLevel: 'INFO' | 'WARN' = 'WARN',
): Pick<lambda.FunctionProps, 'loggingFormat' | 'applicationLogLevelV2' | 'systemLogLevelV2'> {
  if (logLevel !== 'INFO' && logLevel !== 'DEBUG') return {};
  return {
    loggingFormat: lambda.LoggingFormat.JSON,
    applicationLogLevelV2: lambda.ApplicationLogLevel[logLevel],
    systemLogLevelV2: lambda.SystemLogLevel[systemLogLevel],
  };
}

/** Properties of a {@link PowertoolsFunction}. */
export interface PowertoolsFunctionProps {
  /** Entry file name without extension: the code is `lambdas/entries/<name>.ts` (the Lambda entry over `lambdas/handlers/<name>.ts`), export `handler`. */
  readonly name: string;
  /** Source file to bundle instead (absolute path). @default `lambdas/entries/<name>.ts` */
  readonly entry?: string;
  /** `POWERTOOLS_SERVICE_NAME`, the `service` key of logs, metrics and traces. @default `name` */
  readonly serviceName?: string;
  /** Function description. @default - `aiops <name>` */
  readonly description?: string;
  /** Extra environment variables (Powertools ones are set for you). @default - none */
  readonly environment?: Readonly<Record<string, string>>;
  /** Memory in MB (ARM CPU share grows with it). @default 512 */
  readonly memorySize?: number;
  /** Timeout. @default Duration.seconds(10) */
  readonly timeout?: Duration;
  /** Concurrency reserved for (and capped at) this function. @default - unreserved */
  readonly reservedConcurrentExecutions?: number;
  /** `POWERTOOLS_LOG_LEVEL`. @default 'INFO' */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /**
   * Level of Lambda's own log lines (START, END, REPORT), at log levels INFO and DEBUG.
   * @default 'WARN'
   */
  readonly systemLogLevel?: 'INFO' | 'WARN';
  /** Retention of the function's log group. @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** What happens to the log group when the stack is deleted. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** X-Ray active tracing (and segments from lambdas/observability/tracing.ts). @default true */
  readonly tracing?: boolean;
  /**
   * Packages left out of the bundle: only for ones the code imports dynamically on a path
   * that never runs in Lambda (e.g. PGlite and node-postgres behind the Data API). @default - none
   */
  readonly externalModules?: readonly string[];
}

/**
 * A Lambda function ready for Powertools: ESM bundle built locally by esbuild as
 * `FUNCTION_BUNDLING` says (Powertools and the AWS SDK inside, no layers), newest Node.js on
 * ARM, X-Ray, its own log group with retention, and a role that may write only to that log
 * group (and X-Ray) until granted more.
 *
 * @example new PowertoolsFunction(this, 'Reads', { name: 'reads' }).function
 */
export class PowertoolsFunction extends Construct {
  /** The function. */
  public readonly function: NodejsFunction;
  /** Its execution role; add data permissions with {@link PowertoolsFunction.addToDataPolicy}. */
  public readonly role: iam.Role;
  /** The log group the function writes to. */
  public readonly logGroup: logs.LogGroup;
  private dataPolicy?: iam.Policy;

  constructor(scope: Construct, id: string, props: PowertoolsFunctionProps) {
    super(scope, id);
    const tracing = props.tracing ?? true;
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the aiops ${props.name} function`,
    });
    this.logGroup.grantWrite(this.role);
    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry ?? `${ROOT}lambdas/entries/${props.name}.ts`,
      handler: 'handler',
      projectRoot: ROOT,
      depsLockFilePath: `${ROOT}package-lock.json`,
      description: props.description ?? `aiops ${props.name}`,
      runtime: NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      role: this.role,
      logGroup: this.logGroup,
      ...leveledLogging(props.logLevel ?? 'INFO', props.systemLogLevel),
      tracing: tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      awsSdkConnectionReuse: false,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName ?? props.name,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        POWERTOOLS_TRACE_ENABLED: String(tracing),
        ...props.environment,
      },
      bundling: {
        ...FUNCTION_BUNDLING,
        format: OutputFormat.ESM,
        mainFields: [...FUNCTION_BUNDLING.mainFields],
        externalModules: [...(props.externalModules ?? [])],
        forceDockerBundling: false,
      },
    });
    if (tracing) {
      Validations.of(this.role.node.findChild('DefaultPolicy')).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions; ' +
          'this policy holds only X-Ray and log-group statements (data access is in DataPolicy).',
      });
    }
  }

  /**
   * Adds a statement to the function's data policy, a policy separate from the role's default
   * policy so the X-Ray wildcard acknowledged there can never cover data access.
   */
  public addToDataPolicy(statement: iam.PolicyStatement): void {
    if (!this.dataPolicy) {
      this.dataPolicy = new iam.Policy(this, 'DataPolicy', { roles: [this.role] });
      this.function.node.addDependency(this.dataPolicy);
    }
    this.dataPolicy.addStatements(statement);
  }
}
