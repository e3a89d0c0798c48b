import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'csv-parse/sync';
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
function validatorFor(method: string, path: string, status: number, mediaType: string): ValidateFunction | null {
  const key = `${method} ${path} ${status} ${mediaType}`;
  if (!compiled.has(key)) {
    const operation = OPENAPI.paths[path]?.[method.toLowerCase() as 'get'];
    if (!operation) throw new Error(`${method} ${path} is not in openapi.json`);
    const response = (operation.responses[String(status)] ?? operation.responses.default) as { content?: Record<string, { schema?: object }> } | undefined;
    if (!response) throw new Error(`${method} ${path} does not document status ${status}`);
    const documented = Object.keys(response.content ?? {});
    if (documented.length > 0 && !documented.includes(mediaType)) {
      throw new Error(`${method} ${path} ${status} answered ${mediaType}; the contract says ${documented.join(' or ')}`);
    }
    const schema = response.content?.[mediaType]?.schema;
    compiled.set(key, schema ? ajv.compile({ ...(nullableRefs(schema) as object), components: COMPONENTS }) : null);
  }
  return compiled.get(key)!;
}

const PROBLEM = 'application/problem+json';

/**
 * Checks a response against the contract: its status must be documented for the operation, with the
 * media type it was sent as (a problem is `application/problem+json`), and a JSON body must match
 * the documented schema. Returns the problems, empty when it conforms.
 */
export function contractProblems(
  method: string,
  path: string,
  status: number,
  body: unknown,
  mediaType = status >= 400 ? PROBLEM : 'application/json',
): string[] {
  const validate = validatorFor(method, path, status, mediaType.split(';')[0].trim().toLowerCase());
  if (!validate) return [];
  // what the client receives: undefined fields dropped, dates as strings (an undefined field is no extra field)
  if (validate(body === undefined ? body : JSON.parse(JSON.stringify(body)))) return [];
  return (validate.errors ?? []).map((e) => {
    const extra = e.keyword === 'additionalProperties' ? `: ${(e.params as { additionalProperty: string }).additionalProperty}` : '';
    return `${method} ${path} ${status}: ${e.instancePath || '/'} ${e.message}${extra}`;
  });
}

interface MediaType {
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
}

/** The documented 200 of a GET. */
function okResponse(path: string): { description: string; content: Record<string, MediaType> } {
  const response = OPENAPI.paths[path]?.get?.responses['200'] as { description: string; content: Record<string, MediaType> } | undefined;
  if (!response) throw new Error(`GET ${path} documents no 200`);
  return response;
}

/** The first record of a CSV text (its header row), without the BOM. */
export function csvHeader(text: string): string[] {
  return (parse(text, { bom: true, to_line: 1, relax_column_count: true }) as string[][])[0] ?? [];
}

/**
 * The header rows a CSV route promises, by the name of its example (`default` for a lone `example`):
 * the first line of each example of its text/csv 200.
 */
export function promisedCsvHeaders(path: string): Map<string, string[]> {
  const media = okResponse(path).content['text/csv'];
  if (!media) throw new Error(`GET ${path} documents no text/csv answer`);
  const examples = media.examples ? Object.entries(media.examples).map(([name, e]) => [name, e.value] as const) : [['default', media.example] as const];
  return new Map(examples.map(([name, value]) => [name, csvHeader(String(value))]));
}

/**
 * The sheets a workbook route promises, in order: the numbered Markdown list of its 200's description,
 * each item `n. Sheet name: what it holds` (a sheet name cannot hold a colon).
 */
export function promisedSheets(path: string): { name: string; holds: string }[] {
  return [...okResponse(path).description.matchAll(/^\d+\. ([^:\n]+): (.*)$/gm)].map((m) => ({ name: m[1], holds: m[2] }));
}

/**
 * Every example the contract shows, checked against the schema it illustrates: a property's `example`
 * must be a value of that property (its type, format, enum, nullability, and, for an object, every
 * field its own schema asks for). Returns `Schema.property: what is wrong`, empty when they agree.
 */
export function exampleProblems(document: OpenAPIObject = OPENAPI): string[] {
  const problems: string[] = [];
  const components = nullableRefs(document.components);
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    for (const [prop, p] of Object.entries((schema as { properties?: Record<string, { example?: unknown }> }).properties ?? {})) {
      if (p.example === undefined) continue;
      const { example, ...rest } = p;
      const validate = ajv.compile({ ...(nullableRefs(rest) as object), components });
      if (!validate(example)) problems.push(`${name}.${prop}: ${(validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`);
    }
  }
  return problems;
}
