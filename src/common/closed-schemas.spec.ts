import type { OpenAPIObject } from '@nestjs/swagger';
import { closeSchemas, problemMediaType } from './closed-schemas.js';

const document = (schemas: Record<string, object>, paths: OpenAPIObject['paths'] = {}): OpenAPIObject => ({
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths,
  components: { schemas },
});

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: unknown;
  example?: unknown;
}
type Response = { content: Record<string, { schema: Schema }> };

describe('closeSchemas', () => {
  it('closes every object that lists its properties, nested ones and those inside paths too', () => {
    const closed = closeSchemas(
      document(
        {
          A: {
            type: 'object',
            properties: {
              b: { type: 'object', properties: { c: { type: 'string' } } },
              d: { type: 'array', items: { type: 'object', properties: { e: { type: 'number' } } } },
            },
          },
        },
        {
          '/x': {
            get: {
              responses: { '200': { description: '', content: { 'application/json': { schema: { type: 'object', properties: { f: { type: 'string' } } } } } } },
            },
          },
        },
      ),
    );
    const a = closed.components!.schemas!.A as Schema;
    expect([a.additionalProperties, a.properties!.b.additionalProperties, a.properties!.d.items!.additionalProperties]).toEqual([false, false, false]);
    expect((closed.paths['/x'].get!.responses['200'] as Response).content['application/json'].schema.additionalProperties).toBe(false);
  });

  it('leaves maps, schemas that say what their extra properties are, and examples as they are', () => {
    const closed = closeSchemas(
      document({
        Counts: { type: 'object', example: { INVALID_AMOUNT: 1 } },
        Changes: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'string' } },
        WithExample: { type: 'object', properties: { p: { type: 'object', example: { properties: { q: 1 } } } } },
      }),
    );
    const schemas = closed.components!.schemas! as Record<string, Schema>;
    expect(schemas.Counts).toEqual({ type: 'object', example: { INVALID_AMOUNT: 1 } });
    expect(schemas.Changes.additionalProperties).toEqual({ type: 'string' });
    // an example that happens to hold a key named properties is data, not a schema
    expect(schemas.WithExample.properties!.p).toEqual({ type: 'object', example: { properties: { q: 1 } } });
    expect(schemas.WithExample.additionalProperties).toBe(false);
  });
});

describe('problemMediaType', () => {
  it('documents every 4xx and 5xx as application/problem+json, and leaves successes and files as they are', () => {
    const problem = { schema: { $ref: '#/components/schemas/ProblemDto' } };
    const ok = { schema: { type: 'object' } };
    const csv = { schema: { type: 'string' } };
    const doc = problemMediaType(
      document(
        {},
        {
          '/x': {
            get: {
              responses: {
                '200': { description: '', content: { 'application/json': ok, 'text/csv': csv } },
                '304': { description: '' },
                '400': { description: '', content: { 'application/json': problem } },
                '503': { description: '', content: { 'application/json': problem } },
              },
            },
          },
        },
      ),
    );
    const responses = doc.paths['/x'].get!.responses as Record<string, { content?: Record<string, unknown> }>;
    expect(Object.fromEntries(Object.entries(responses).map(([s, r]) => [s, Object.keys(r.content ?? {})]))).toEqual({
      '200': ['application/json', 'text/csv'],
      '304': [],
      '400': ['application/problem+json'],
      '503': ['application/problem+json'],
    });
    expect(responses['400'].content!['application/problem+json']).toBe(problem);
  });
});
