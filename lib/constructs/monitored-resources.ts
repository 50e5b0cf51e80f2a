import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { HttpApiWithRoutes } from './http-api.ts';
import { PowertoolsFunction } from './powertools-function.ts';
import { StreamConsumer } from './stream-consumer.ts';

/** A table of the app: the v2 and v1 constructs. */
export type AppTable = dynamodb.TableV2 | dynamodb.Table;

/** What the alarms watch, found in the construct tree. */
export interface MonitoredResources {
  /** Every function of the app (the project's functions are all {@link PowertoolsFunction}s). */
  readonly functions: readonly PowertoolsFunction[];
  /** Every DynamoDB table. */
  readonly tables: readonly AppTable[];
  /**
   * Every SQS queue that has no dead-letter queue of its own: a dead-letter or on-failure
   * destination (cdk-nag makes every other queue have one), where any message is a failure
   * someone must look at.
   */
  readonly queues: readonly sqs.Queue[];
  /** Every SQS queue with a dead-letter queue: work in flight, watched by the age of its oldest message. */
  readonly workQueues: readonly sqs.Queue[];
  /** Functions reading a stream (an event source mapping with a starting position): iterator age. */
  readonly streamConsumers: readonly PowertoolsFunction[];
  /** On-failure queues of stream mappings (among {@link queues}): their records leave the stream in 24 hours. */
  readonly onFailureQueues: readonly sqs.IQueue[];
  /** The HTTP APIs. */
  readonly httpApis: readonly HttpApiWithRoutes[];
}

/**
 * Finds what to watch under `root` (the whole app, as built so far): a function, table or
 * queue added to any stack constructed before the observability stack gets its alarms without
 * touching the monitoring code.
 * @example const found = findMonitoredResources(app);
 */
export function findMonitoredResources(root: IConstruct): MonitoredResources {
  const all = root.node.findAll();
  const functions = all.filter((c): c is PowertoolsFunction => c instanceof PowertoolsFunction);
  const queues = all.filter((c): c is sqs.Queue => c instanceof sqs.Queue);
  return {
    functions,
    tables: all.filter((c): c is AppTable => c instanceof dynamodb.TableV2 || c instanceof dynamodb.Table),
    queues: queues.filter((q) => q.deadLetterQueue === undefined),
    workQueues: queues.filter((q) => q.deadLetterQueue !== undefined),
    streamConsumers: functions.filter(readsStream),
    onFailureQueues: all
      .filter((c): c is StreamConsumer => c instanceof StreamConsumer)
      .flatMap((c) => c.mappings.map((m) => m.onFailureQueue)),
    httpApis: all.filter((c): c is HttpApiWithRoutes => c instanceof HttpApiWithRoutes),
  };
}

function readsStream(fn: PowertoolsFunction): boolean {
  return fn.function.node
    .findAll()
    .some((c) => c instanceof lambda.CfnEventSourceMapping && c.startingPosition !== undefined);
}

/**
 * A short kebab-case name from a construct's path below its stack:
 * `aiops-pipeline/AggregatorStreams/DecisionsOnFailure` → `aggregator-streams-decisions-on-failure`.
 */
export function shortName(construct: IConstruct): string {
  const [, ...below] = construct.node.path.split('/');
  return below
    .join('-')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}
