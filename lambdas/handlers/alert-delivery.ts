import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { alertFromBusEvent } from '#domain/alerts/alert-event';
import { type DeliverAlertDeps, deliverAlert } from '#domain/alerts/deliver-alert';
import type { RuntimeBasics } from '#runtime/basics';
import { lambdaHandler } from '#runtime/lambda-handler';

/** What the delivery handler works with. */
export interface AlertDeliveryHandlerDependencies {
  readonly runtime: RuntimeBasics;
  /** The receiver, its sender, the alert groups and the grouping; asked for on each message. */
  readonly delivery: () => DeliverAlertDeps;
}

/**
 * The delivery function of one receiver (`ALERT_RECEIVER`: pagerduty, slack or email), fed by
 * that receiver's SQS queue: each message is an alert event from the alerts bus, delivered
 * once per change of its group (see `deliverAlert`). Messages are handled one after the
 * other; a failed one is reported as a batch item failure, so SQS retries just it and, after
 * the queue's receive limit, moves it to the dead-letter queue.
 */
export function createAlertDeliveryHandler(deps: AlertDeliveryHandlerDependencies) {
  const { logger, metrics } = deps.runtime.observability;
  return lambdaHandler(
    deps.runtime.observability,
    async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
      const processor = new BatchProcessor(EventType.SQS);
      return processPartialResponse(
        event,
        async (record: SQSRecord) => {
          const alert = alertFromBusEvent(JSON.parse(record.body));
          const d = deps.delivery();
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
    },
  );
}
