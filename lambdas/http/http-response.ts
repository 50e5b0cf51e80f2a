import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { HttpProblem } from './problem.ts';

const BASE_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

/** A JSON response. */
export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: { ...BASE_HEADERS, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

/** An `application/problem+json` response for a problem. */
export function problem(
  p: HttpProblem,
  instance?: string,
  requestId?: string,
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: p.status,
    headers: { ...BASE_HEADERS, 'content-type': 'application/problem+json', ...p.headers },
    body: JSON.stringify(p.toProblem(instance, requestId)),
  };
}
