import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { alertGroupsTableName, DynamoAlertGroupStore } from '#adapters/alert-group-store';
import { documentClient } from '#adapters/dynamodb-client';
import { configuredSender } from '#adapters/notify/senders';
import { alertFromBusEvent } from '#domain/alerts/alert-event';
import { type DeliverAlertDeps, deliverAlert } from '#domain/alerts/deliver-alert';
import { alertEnv, alertReceiver } from '#shared/alert-env';
import { runtimeEnv } from '#shared/env';
import { logger, metrics } from '#shared/powertools';
import { tracingMiddleware } from '#shared/tracing';

let deps: DeliverAlertDeps | undefined;

function delivery(): DeliverAlertDeps {
  if (deps) return deps;
  const receiver = alertReceiver();
  const send = configuredSender(receiver);
  if (!send) throw new Error(`the ${receiver} receiver is not configured`);
  const store = new DynamoAlertGroupStore(documentClient(), alertGroupsTableName(runtimeEnv().TABLE_PREFIX));
  deps = { receiver, send, store, groupBy: alertEnv().groupBy };
  return deps;
}

/**
 * The delivery function of one receiver (`ALERT_RECEIVER`: pagerduty, slack or email), fed by
 * that receiver's SQS queue: each message is an alert event from the alerts bus, delivered
 * once per change of its group (see `deliverAlert`). Messages are handled one after the
 * other; a failed one is reported as a batch item failure, so SQS retries just it and, after
 * the queue's receive limit, moves it to the dead-letter queue.
 */
export const handler = middy(async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  const processor = new BatchProcessor(EventType.SQS);
  return processPartialResponse(
    event,
    async (record: SQSRecord) => {
      const alert = alertFromBusEvent(JSON.parse(record.body));
      const d = delivery();
      const sent = await deliverAlert(alert, d).catch((e: Error & { retryable?: boolean }) => {
        // Messages only: a sender's error never holds the webhook URL or the routing key.
        logger.error('alert delivery failed', {
          receiver: d.receiver,
          dedupKey: alert.dedupKey,
          error: e.message,
          retryable: e.retryable ?? true,
        });
        throw e;
      });
      for (const notice of sent) {
        logger.info('alert notice sent', {
          receiver: d.receiver,
          action: notice.action,
          groupKey: notice.groupKey,
          dedupKey: notice.event.dedupKey,
        });
      }
      metrics.addMetric('AlertNoticesSent', MetricUnit.Count, sent.length);
    },
    processor,
    { context, processInParallel: false, throwOnFullBatchFailure: false },
  );
})
  .use(tracingMiddleware())
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics));
