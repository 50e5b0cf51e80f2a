import type { Logger } from '@aws-lambda-powertools/logger';

const ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Puts the ids of a single-item body (`decisionId`, `applianceId`) and the path's decision
 * id into every log line of the request. Values that do not look like ids are left out,
 * so a malformed body cannot inject into the logs.
 */
export function appendIdKeys(logger: Logger, body: unknown, pathDecisionId?: string): void {
  const keys: Record<string, string> = {};
  if (pathDecisionId && ID.test(pathDecisionId)) keys.decisionId = pathDecisionId;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    for (const k of ['decisionId', 'applianceId'] as const) {
      const v = (body as Record<string, unknown>)[k];
      if (typeof v === 'string' && ID.test(v)) keys[k] = v;
    }
  }
  if (Object.keys(keys).length > 0) logger.appendKeys(keys);
}
