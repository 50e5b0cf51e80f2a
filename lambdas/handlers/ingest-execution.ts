import { executionSchema } from '#contract/execution';
import { logExecutionRecorded } from '#observability/recorded-log';
import { decisionEventHandler } from '#runtime/decision-event-handler';
import type { Runtime } from '#runtime/runtime';

/** `POST /v1/decisions/{id}/execution`: the Ansible result; may arrive before the decision. */
export function createIngestExecutionHandler(runtime: Runtime) {
  return decisionEventHandler(runtime, {
    metric: 'Executions',
    schema: executionSchema,
    lifecycleEvent: (decisionId, event) => ({ section: 'execution', decisionId, event }),
    timestampsOf: (e) => ({ startedAt: e.startedAt }),
    logWritten: logExecutionRecorded,
  });
}
