import { buildOpenApiDocument } from '#contract/openapi';

let cached: object | undefined;

/** The OpenAPI document, built on first request from the contract's zod schemas and kept. */
export function openApiDocument(): object {
  cached ??= buildOpenApiDocument();
  return cached;
}
