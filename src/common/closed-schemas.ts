import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * Closes every object schema of the contract that lists its properties: `additionalProperties: false`,
 * so a response that carries a field no DTO documents breaks the contract (and the e2e tests, which
 * check every JSON answer against it) instead of slipping through. Objects without `properties` are
 * maps (counts by code, an audit event's before/after) and stay open, as does a schema that already
 * says what its extra properties are. Applied to the document the app serves, which is the one
 * `npm run openapi` writes.
 */
export function closeSchemas(document: OpenAPIObject): OpenAPIObject {
  const close = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(close);
    if (node === null || typeof node !== 'object') return;
    const schema = node as Record<string, unknown>;
    if (schema.properties !== undefined && typeof schema.properties === 'object' && schema.additionalProperties === undefined) {
      schema.additionalProperties = false;
    }
    for (const [key, value] of Object.entries(schema)) if (key !== 'example' && key !== 'examples') close(value);
  };
  close(document.components?.schemas);
  close(document.paths);
  return document;
}
