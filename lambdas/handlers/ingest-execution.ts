import { executionSchema } from '#contract/execution';
import { decisionEventHandler } from '#shared/decision-event-handler';
import { logExecutionRecorded } from '#shared/recorded-log';

/** `POST /v1/decisions/{id}/execution`: the Ansible result; may arrive before the decision. */
export const handler = decisionEventHandler({
  metric: 'Executions',
  schema: executionSchema,
  lifecycleEvent: (decisionId, event) => ({ section: 'execution', decisionId, event }),
  timestampsOf: (e) => ({ startedAt: e.startedAt }),
  logWritten: logExecutionRecorded,
});
