let cached: object | undefined;

/** The OpenAPI document, built once per process from the contract's zod schemas. */
export function openApiDocument(): object {
  if (!cached) throw new Error('openApiDocument: not loaded');
  return cached;
}
