import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import SwaggerParser from '@apidevtools/swagger-parser';
import createClient from 'openapi-fetch';
import openapiTS, { astToString } from 'openapi-typescript';
import request from 'supertest';
import { contractProblems, csvHeader, exampleProblems, OPENAPI, promisedCsvHeaders, promisedSheets } from './support/contract.js';
import { DEMO } from './support/files.js';
import type { paths } from './support/openapi.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { getWorkbook } from './support/workbook.js';

interface Operation {
  operationId?: string;
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
  security?: unknown;
}
interface Property {
  example?: unknown;
  $ref?: string;
  items?: { $ref?: string };
  allOf?: unknown;
}

describe('the API contract (openapi.json)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ backgroundImportBytes: 1 }); // every upload runs in the background: the client polls
  });
  afterAll(() => t.close());

  it('is what the code generates: run `npm run openapi` after changing a route or a DTO', () => {
    expect(JSON.parse(JSON.stringify(t.document))).toEqual(OPENAPI);
  });

  it('names its server: the origin it is read from, or PUBLIC_URL when set', async () => {
    expect(OPENAPI.servers).toEqual([{ url: '/', description: expect.stringContaining('PUBLIC_URL') }]);
    const named = await createTestApp({ publicUrl: 'https://canon.region.gob.pe' });
    try {
      const served = (await request(named.http).get('/docs-json').expect(200)).body;
      expect(served.servers).toEqual([{ url: 'https://canon.region.gob.pe', description: 'This service (PUBLIC_URL)' }]);
    } finally {
      await named.close();
    }
  });

  it('is a valid OpenAPI document', async () => {
    await expect(SwaggerParser.validate(structuredClone(OPENAPI) as never)).resolves.toBeTruthy();
  });

  it('gives every operation a unique operationId, a success, its errors as problems, and a secured write', () => {
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(OPENAPI.paths)) {
      for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect([where, typeof op.operationId]).toEqual([where, 'string']);
        expect(ids.has(String(op.operationId))).toBe(false);
        ids.add(String(op.operationId));
        const statuses = Object.keys(op.responses);
        expect([where, statuses.some((s) => /^2/.test(s))]).toEqual([where, true]);
        expect([where, statuses.some((s) => /^4/.test(s))]).toEqual([where, true]);
        for (const s of statuses.filter((s) => /^[45]/.test(s))) {
          expect([where, s, Object.keys(op.responses[s].content ?? {}), op.responses[s].content?.['application/problem+json']?.schema?.$ref]).toEqual([
            where,
            s,
            ['application/problem+json'],
            '#/components/schemas/ProblemDto',
          ]);
        }
        if (method !== 'get') expect([where, op.security]).toEqual([where, [{ apiKey: [] }]]);
      }
    }
    // every property of every schema has an example or points to one
    const missing = Object.entries(OPENAPI.components!.schemas! as Record<string, { properties?: Record<string, Property> }>).flatMap(([name, schema]) =>
      Object.entries(schema.properties ?? {})
        .filter(([, p]) => p.example === undefined && !p.$ref && !p.items?.$ref && !p.allOf)
        .map(([prop]) => `${name}.${prop}`),
    );
    expect(missing).toEqual([]);
  });

  it('shows examples that are values of what they illustrate (type, format, enum, required fields)', () => {
    expect(exampleProblems()).toEqual([]);
    // and the check can fail: a status shown as words where the schema says a number
    const broken = structuredClone(OPENAPI);
    const problem = broken.components!.schemas!.ProblemDto as { properties: Record<string, { example?: unknown }> };
    problem.properties.status.example = 'four hundred';
    expect(exampleProblems(broken)).toEqual(['ProblemDto.status: / must be number']);
  });

  it('matches the typed client committed in test/support/openapi.d.ts', async () => {
    const generated = astToString(await openapiTS(structuredClone(OPENAPI) as never, { defaultNonNullable: false }));
    const committed = readFileSync('test/support/openapi.d.ts', 'utf8');
    expect(committed.replace(/^\/\*\*[\s\S]*?\*\/\n\n/, '')).toBe(generated);
  });

  it('lets a regional system upload a file, poll the import and read analytics with a client generated from the contract', async () => {
    await new Promise<void>((done) => t.app.getHttpServer().listen(0, '127.0.0.1', done));
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const api = createClient<paths>({ baseUrl: `http://127.0.0.1:${port}`, headers: { 'X-API-Key': t.adminKey } });
    const problems: string[] = [];

    const upload = await api.POST('/api/v1/imports', {
      body: { file: '', snapshotDate: '2025-05-18' },
      bodySerializer: (body) => {
        const form = new FormData();
        form.append('snapshotDate', body.snapshotDate!);
        form.append('file', new Blob([readFileSync(DEMO.csv2024)]), 'consulta.csv');
        return form;
      },
    });
    expect(upload.response.status).toBe(202);
    problems.push(...contractProblems('POST', '/api/v1/imports', 202, upload.data));
    const id = upload.data!.id!;

    let status = upload.data!.status;
    for (let i = 0; i < 100 && status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const polled = await api.GET('/api/v1/imports/{id}', { params: { path: { id } } });
      expect(polled.response.status).toBe(200);
      problems.push(...contractProblems('GET', '/api/v1/imports/{id}', polled.response.status, polled.data));
      status = polled.data!.status;
    }
    expect(status).toBe('completed');

    const execution = await api.GET('/api/v1/execution', { params: { query: { year: 2024, province: '0808' } } });
    expect(execution.response.status).toBe(200);
    problems.push(...contractProblems('GET', '/api/v1/execution', 200, execution.data));
    expect(execution.data!.rows).toHaveLength(8);
    const skew = await api.GET('/api/v1/analytics/urban-rural', { params: { query: { province: '0808', periods: '2024,2025' } } });
    expect(skew.response.status).toBe(200);
    problems.push(...contractProblems('GET', '/api/v1/analytics/urban-rural', 200, skew.data));
    expect(skew.data!.periods.map((p) => p.period.label)).toEqual(['2024', '2025']);
    const refused = await api.GET('/api/v1/analytics/canon', { params: { query: { year: 1800 } } });
    expect(refused.response.status).toBe(400);
    problems.push(...contractProblems('GET', '/api/v1/analytics/canon', 400, refused.error, refused.response.headers.get('content-type') ?? ''));
    expect(problems).toEqual([]);
  });

  it('answers every read endpoint with the status written beside it and a body that conforms to its documented schema', async () => {
    await t.post('/api/v1/imports').field('background', 'false').attach('file', 'data/demo/canon_transferido_rubro18_espinar_2019-2026.csv').expect(201);
    const reads: [path: string, url: string, status: number][] = [
      ['/api/v1/imports', '/api/v1/imports?limit=5', 200],
      ['/api/v1/imports/{id}', '/api/v1/imports/1', 200],
      ['/api/v1/execution', '/api/v1/execution?fromYear=2024&toYear=2025&province=0808&groupBy=year', 200],
      ['/api/v1/execution/control-totals', '/api/v1/execution/control-totals?province=0808', 200],
      ['/api/v1/execution/ranking', '/api/v1/execution/ranking?year=2024&department=08', 200],
      ['/api/v1/execution/history', '/api/v1/execution/history?municipality=080801', 200],
      ['/api/v1/municipalities', '/api/v1/municipalities?province=0808', 200],
      ['/api/v1/municipalities/{ubigeo}', '/api/v1/municipalities/080801', 200],
      ['/api/v1/municipalities/{ubigeo}/plan-priorities', '/api/v1/municipalities/080801/plan-priorities', 200],
      ['/api/v1/canon/transfers', '/api/v1/canon/transfers?province=0808&groupBy=concept', 200],
      ['/api/v1/projects', '/api/v1/projects?municipality=080801', 200],
      ['/api/v1/analytics/dimensions', '/api/v1/analytics/dimensions?province=0808&byFunction=true', 200],
      ['/api/v1/analytics/canon', '/api/v1/analytics/canon?province=0808&periods=2019-2021,2022-2024', 200],
      ['/api/v1/analytics/urban-rural', '/api/v1/analytics/urban-rural?province=0808&year=2024', 200],
      ['/api/v1/analytics/planning-gap', '/api/v1/analytics/planning-gap?province=0808&year=2024', 200],
      ['/api/v1/analytics/public-private', '/api/v1/analytics/public-private?province=0808&year=2024', 200],
      ['/api/v1/analytics/plan-alignment', '/api/v1/analytics/plan-alignment?province=0808&year=2024', 200],
      ['/api/v1/classification/rules', '/api/v1/classification/rules', 200],
      ['/api/v1/keys', '/api/v1/keys', 200],
      ['/api/v1/audit', '/api/v1/audit', 200],
      ['/api/v1/projects/{cui}', '/api/v1/projects/0000000', 404], // no project has that CUI
      ['/api/v1/municipalities/{ubigeo}', '/api/v1/municipalities/999999', 404], // nor a municipality that ubigeo
      ['/api/v1/analytics/canon', '/api/v1/analytics/canon?year=1800', 400], // before 1999
      ['/api/v1/imports/{id}', '/api/v1/imports/abc', 400], // not a number
    ];
    const problems: string[] = [];
    for (const [path, url, status] of reads) {
      const res = await request(t.http).get(url).set('X-API-Key', t.adminKey);
      expect([url, res.status]).toEqual([url, status]);
      problems.push(...contractProblems('GET', path, res.status, res.body, res.headers['content-type']));
    }
    expect(problems).toEqual([]);
  });

  it('is closed: an object schema with properties refuses any field it does not name', async () => {
    const open = Object.entries(OPENAPI.components!.schemas!)
      .filter(([, schema]) => 'properties' in schema && schema.additionalProperties !== false)
      .map(([name]) => name);
    expect(open).toEqual([]);
    const found = await request(t.http).get('/api/v1/municipalities/080801').expect(200);
    const path = '/api/v1/municipalities/{ubigeo}';
    expect(contractProblems('GET', path, 200, found.body)).toEqual([]);
    expect(contractProblems('GET', path, 200, { ...found.body, internalId: 7 })).toEqual([
      `GET ${path} 200: / must NOT have additional properties: internalId`,
    ]);
    const missing = await request(t.http).get('/api/v1/municipalities/999999').expect(404);
    expect(missing.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(contractProblems('GET', path, 404, missing.body, missing.headers['content-type'])).toEqual([]);
    // a problem sent as plain JSON breaks the contract: clients switch on application/problem+json
    expect(() => contractProblems('GET', path, 404, missing.body, 'application/json')).toThrow(
      `GET ${path} 404 answered application/json; the contract says application/problem+json`,
    );
    expect(contractProblems('GET', path, 404, { ...missing.body, stack: 'Error: at …' })).toEqual([
      `GET ${path} 404: / must NOT have additional properties: stack`,
    ]);
  });

  it('serves every CSV table headed by the header row its example in the contract promises', async () => {
    const csv = async (url: string, accept = 'text/csv') => {
      const res = await request(t.http).get(url).set('X-API-Key', t.adminKey).set('Accept', accept);
      expect([url, res.status, res.headers['content-type']]).toEqual([url, 200, 'text/csv; charset=utf-8']);
      expect([url, res.text.startsWith('\uFEFF')]).toEqual([url, true]); // the BOM the descriptions promise
      return csvHeader(res.text);
    };
    const paramEnum = (path: string, name: string) =>
      (OPENAPI.paths[path]!.get!.parameters as { name: string; schema: { enum: string[] } }[]).find((p) => p.name === name)!.schema.enum;

    // an analysis's table, by .csv and by Accept on the analysis itself: every analysis the route takes has its promise
    const analyses = promisedCsvHeaders('/api/v1/analytics/{name}.csv');
    expect([...analyses.keys()].sort()).toEqual([...paramEnum('/api/v1/analytics/{name}.csv', 'name')].sort());
    for (const [name, header] of analyses) {
      expect([name, await csv(`/api/v1/analytics/${name}.csv?province=0808&year=2024`)]).toEqual([name, header]);
      expect([name, await csv(`/api/v1/analytics/${name}?province=0808&year=2024`)]).toEqual([name, header]);
    }
    // every table of the audit report
    const tables = promisedCsvHeaders('/api/v1/reports/audit.csv');
    expect([...tables.keys()].sort()).toEqual([...paramEnum('/api/v1/reports/audit.csv', 'table')].sort());
    for (const [table, header] of tables) {
      expect([table, await csv(`/api/v1/reports/audit.csv?province=0808&year=2024&table=${table}`)]).toEqual([table, header]);
    }
    // an import's row problems: one bad year among 5 rows, skipped
    const lines = readFileSync(DEMO.csv2024, 'utf8').split('\n').slice(0, 6);
    lines[3] = lines[3].replace(/^2024,/, '20x4,');
    const skipped = await t
      .post('/api/v1/imports')
      .field('background', 'false')
      .field('onError', 'skip')
      .field('snapshotDate', '2026-10-31')
      .attach('file', Buffer.from(lines.join('\n')), 'one-bad-year.csv')
      .expect(201);
    expect(skipped.body.rowsRejected).toBe(1);
    const [[, errorsHeader]] = promisedCsvHeaders('/api/v1/imports/{id}/errors.csv');
    expect(errorsHeader).toEqual(['sheet', 'row', 'column', 'code', 'message', 'value', 'severity']); // what README and the import's errorsCsv link say too
    const errors = await request(t.http).get(skipped.body.errorsCsv).set('X-API-Key', t.adminKey).expect(200).expect('content-type', 'text/csv; charset=utf-8');
    expect(csvHeader(errors.text)).toEqual(errorsHeader);
  });

  it('serves workbooks with the sheets, in order, that the contract promises', async () => {
    // the template: Datos (headed by the columns listed), Instrucciones, Listas
    const templateSheets = promisedSheets('/api/v1/imports/template.xlsx');
    expect(templateSheets.map((s) => s.name)).toEqual(['Datos', 'Instrucciones', 'Listas']);
    const template = await getWorkbook(t.http, '/api/v1/imports/template.xlsx');
    expect([...template.sheets.keys()]).toEqual(templateSheets.map((s) => s.name));
    const dataColumns = /header row is (.+)$/.exec(templateSheets[0].holds)![1].split(', ');
    expect(dataColumns).toHaveLength(16);
    expect(template.sheets.get('Datos')![0]).toEqual(dataColumns);

    // the audit report: a sheet per table of audit.csv, named in Spanish by default and in English with lang=en;
    // in English each is headed by that table's promised CSV header row, in Spanish by as many Spanish headers
    const reportSheets = promisedSheets('/api/v1/reports/audit.xlsx').map((s) => {
      const [, table, english] = /^table `(\w+)`; with lang=en, (.+)$/.exec(s.holds)!;
      return { spanish: s.name, table, english };
    });
    const headers = promisedCsvHeaders('/api/v1/reports/audit.csv');
    expect(reportSheets.map((s) => s.table).sort()).toEqual([...headers.keys()].sort());
    const english = await getWorkbook(t.http, '/api/v1/reports/audit.xlsx?province=0808&year=2024&lang=en');
    expect(english.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect([...english.sheets.keys()]).toEqual(reportSheets.map((s) => s.english));
    for (const { english: name, table } of reportSheets) {
      expect([name, english.sheets.get(name)![0]]).toEqual([name, headers.get(table)]);
    }
    const spanish = await getWorkbook(t.http, '/api/v1/reports/audit.xlsx?province=0808&year=2024');
    expect([...spanish.sheets.keys()]).toEqual(reportSheets.map((s) => s.spanish));
    for (const { spanish: name, table } of reportSheets) {
      expect([name, spanish.sheets.get(name)![0].length]).toEqual([name, headers.get(table)!.length]);
    }
  });
});
