import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import type { OpenAPIObject } from '@nestjs/swagger';

/** The committed API contract. */
export const OPENAPI: OpenAPIObject = JSON.parse(readFileSync('openapi.json', 'utf8'));

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });

/**
 * OpenAPI 3.0 writes "this object, or null" as `{ $ref, nullable: true }` (or with `allOf`), which JSON
 * Schema reads as "always the object". Say it the JSON Schema way before compiling.
 */
function nullableRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(nullableRefs);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, nullableRefs(v)])) as Record<string, unknown>;
  if (copy.nullable === true && (copy.$ref || copy.allOf)) {
    const { nullable: _nullable, ...rest } = copy;
    return { anyOf: [rest, { type: 'null' }] };
  }
  return copy;
}
const COMPONENTS = nullableRefs(OPENAPI.components);
const compiled = new Map<string, ValidateFunction | null>();

/** The documented schema of a response, as a validator; null when the operation documents none (e.g. a file). */
function validatorFor(method: string, path: string, status: number): ValidateFunction | null {
  const key = `${method} ${path} ${status}`;
  if (!compiled.has(key)) {
    const operation = OPENAPI.paths[path]?.[method.toLowerCase() as 'get'];
    if (!operation) throw new Error(`${method} ${path} is not in openapi.json`);
    const response = (operation.responses[String(status)] ?? operation.responses.default) as { content?: Record<string, { schema?: object }> } | undefined;
    if (!response) throw new Error(`${method} ${path} does not document status ${status}`);
    const schema = response.content?.['application/json']?.schema;
    compiled.set(key, schema ? ajv.compile({ ...(nullableRefs(schema) as object), components: COMPONENTS }) : null);
  }
  return compiled.get(key)!;
}

/**
 * Checks a response against the contract: its status must be documented for the operation, and a JSON
 * body must match the documented schema. Returns the problems, empty when it conforms.
 */
export function contractProblems(method: string, path: string, status: number, body: unknown): string[] {
  const validate = validatorFor(method, path, status);
  if (!validate) return [];
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${method} ${path} ${status}: ${e.instancePath || '/'} ${e.message}`);
}
