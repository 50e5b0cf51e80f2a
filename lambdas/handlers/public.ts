import { checkHealth } from '#adapters/health';
import { matchRoute } from '#contract/routes';
import { json } from '#http/http-response';
import { openApiDocument } from '#http/openapi-document';
import { HttpProblem } from '#http/problem';
import { apiHandler } from '#runtime/api-handler';
import type { RuntimeBasics } from '#runtime/basics';

/** `GET /health`, `GET /openapi.json`, and API Gateway's `$default` route (404 and 405). */
export function createPublicHandler(runtime: RuntimeBasics) {
  return apiHandler(runtime.observability, undefined, async ({ event }) => {
    if (event.routeKey === 'GET /health') {
      const health = await checkHealth(runtime.documents, runtime.settings.TABLE_PREFIX);
      return json(health.status === 'ok' ? 200 : 503, health);
    }
    if (event.routeKey === 'GET /openapi.json')
      return json(200, await openApiDocument(), { 'cache-control': 'public, max-age=300' });
    const match = matchRoute(event.requestContext.http.method, event.rawPath);
    if (match && 'allowed' in match) {
      throw new HttpProblem(
        405,
        'method_not_allowed',
        `${event.requestContext.http.method} is not allowed here`,
        [],
        {
          allow: match.allowed.join(', '),
        },
      );
    }
    throw new HttpProblem(404, 'not_found', `no route ${event.requestContext.http.method} ${event.rawPath}`);
  });
}
