let cached: object | undefined;

/**
 * The OpenAPI document, built on first request from the contract's zod schemas and kept.
 * Its generator loads only then: /health, the busiest public route, never pays for it.
 */
export async function openApiDocument(): Promise<object> {
  cached ??= (await import('#contract/openapi')).buildOpenApiDocument();
  return cached;
}
