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
    if (Array.isArray(node)) {
      node.forEach(close);
      return;
    }
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

/**
 * Every error the service sends is `application/problem+json` (RFC 9457, problem.filter.ts); Nest's
 * swagger writes the problem responses as `application/json`. Say the media type the server really
 * sends, for every 4xx and 5xx of every operation, so a client that switches on it is told the truth.
 */
export function problemMediaType(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item as Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const json = response.content?.['application/json'];
        if (!/^[45]/.test(status) || json === undefined || response.content === undefined) continue;
        delete response.content['application/json'];
        response.content['application/problem+json'] = json;
      }
    }
  }
  return document;
}
