import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { DEMO } from './support/files.js';
import { IMPORT_TABLES } from './support/hostile-corpus.js';
import { createTestApp, TEST_ADMIN_KEY, type TestApp } from './support/test-app.js';

/**
 * What a planner key may upload in the formats other than MEF's gasto file and the template (test/access.e2e-spec.ts
 * has those): the rows of its own municipalities, in any format; a file with a row of any other is refused whole,
 * even with onError=skip, and writes nothing (src/imports/stage-rows.ts, README "planner keys").
 */
interface Case {
  format: string;
  /** The planner key's municipality, and another one. */
  own: string;
  other: string;
  /** The column a refused row is at fault in: the one its municipality is read from, as the file calls it. */
  placeColumn: string;
  header: string;
  ownRow: string;
  otherRow: string;
  /** The municipalities of what the import wrote, read from the table it writes. */
  written(t: TestApp, importId: number): Promise<string[]>;
}

const distinct = async (t: TestApp, sql: string, importId: number | string) => (await t.sql(sql, [importId])).map((r) => r.ubigeo as string);

/** The Invierte.pe fixture's rows of two projects, as new CUIs: one of Vista Alegre's own, one of San Nicolás (both in Amazonas). */
const INVIERTE = 'test/fixtures/invierte_banco_inversiones_consulta_sample50rows_amazonas.csv';
const invierteHeader = readFileSync(INVIERTE, 'utf8').split('\n')[0].trim();
const invierteRows: Record<string, string>[] = parse(readFileSync(INVIERTE, 'utf8'), { columns: true });
const invierteRow = (model: string, cui: string) => {
  const row: Record<string, string> = {
    ...invierteRows.find((r) => r['Código único de inversión'] === `${model}.0`)!,
    'Código único de inversión': cui,
    'Descripción de la alternativa': '',
  };
  return invierteHeader
    .split(',')
    .map((h) => `"${(row[h] ?? '').replaceAll('"', '""')}"`)
    .join(',');
};

const CASES: Case[] = [
  {
    format: 'consulta-amigable',
    placeColumn: 'Municipalidad',
    own: '080801',
    other: '080803',
    header: readFileSync(DEMO.csv2015, 'utf8').split(/\r?\n/)[0],
    ownRow: '2024,08: CUSCO,0808: ESPINAR,080801-300740: MUNICIPALIDAD PROVINCIAL DE ESPINAR,"1,000","2,000","1,500","1,500","1,500","1,000","900",50.0',
    otherRow: '2024,08: CUSCO,0808: ESPINAR,080803-300742: MUNICIPALIDAD DISTRITAL DE COPORAQUE,"1,000","2,000","1,500","1,500","1,500","1,000","900",50.0',
    written: (t, id) => distinct(t, 'SELECT DISTINCT ubigeo FROM execution_snapshot WHERE import_id = $1', id),
  },
  {
    format: 'canon-transfers',
    placeColumn: 'ubigeo',
    own: '080801',
    other: '080803',
    header: 'ubigeo,anio,rubro18_recaudado_total',
    ownRow: '080801,2024,1000',
    otherRow: '080803,2024,250.50',
    written: (t, id) => distinct(t, 'SELECT DISTINCT ubigeo FROM canon_transfer WHERE import_id = $1', id),
  },
  {
    format: 'population',
    placeColumn: 'ubigeo',
    own: '080801',
    other: '080803',
    header: 'ubigeo,pob_total,pob_urbana,pob_rural,periodo',
    ownRow: '80801,"40,001","25,000","15,001",2024',
    otherRow: '80803,"4,001","1,000","3,001",2024',
    written: (t, id) => distinct(t, `SELECT ubigeo FROM population WHERE source = 'import ' || $1`, id),
  },
  {
    format: 'private-contributions',
    placeColumn: 'Ubigeo',
    own: '080801',
    other: '080803',
    header: 'Año,Ubigeo,Financiador,Sector,Monto',
    ownRow: '2024,080801,Compañía Minera Antapaccay,Salud,"150,000.00"',
    otherRow: '2024,080803,Compañía Minera Antapaccay,Educación,"80,000.00"',
    written: (t, id) => distinct(t, 'SELECT DISTINCT ubigeo FROM private_contribution WHERE import_id = $1', id),
  },
  {
    format: 'invierte',
    placeColumn: 'Ubigeo',
    own: '010612', // Vista Alegre: 2632166 is its municipality's
    other: '010601', // San Nicolás: 2536554 is its provincial municipality's
    header: invierteHeader,
    ownRow: invierteRow('2632166', '2999912'),
    otherRow: invierteRow('2536554', '2999911'),
    written: (t, id) => distinct(t, 'SELECT DISTINCT location_ubigeo AS ubigeo FROM project WHERE import_id = $1', id),
  },
];

describe("a planner's uploads in every other format", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const counts = async () =>
    Object.fromEntries(await Promise.all(IMPORT_TABLES.map(async (table) => [table, (await t.sql(`SELECT count(*)::int AS n FROM ${table}`))[0].n])));
  const population = () => t.sql(`SELECT ubigeo, year, total FROM population WHERE ubigeo IN ('080801', '080803') AND year = 2024 ORDER BY ubigeo`);

  it.each(CASES.map((c) => [c.format, c] as const))(
    "%s: refuses a file with another municipality's row whole, even with onError=skip, and imports its own",
    async (_format, c) => {
      const planner = (
        await t
          .post('/api/v1/keys')
          .send({ name: `planner ${c.format}`, role: 'planner', municipalities: [c.own] })
          .expect(201)
      ).body.key;
      const file = (...rows: string[]) => Buffer.from(`${[c.header, ...rows].join('\n')}\n`);
      const before = await counts();
      const populationBefore = await population();
      for (const onError of ['reject', 'skip']) {
        const res = await request(t.http)
          .post('/api/v1/imports')
          .set('X-API-Key', planner)
          .field('onError', onError)
          .field('snapshotDate', '2025-03-31')
          .attach('file', file(c.otherRow, c.ownRow), 'mixed.csv')
          .expect(422);
        expect(res.headers['content-type']).toMatch(/problem\+json/);
        expect(res.body).toMatchObject({ status: 422, code: 'IMPORT_REJECTED' });
        expect(res.body.errors.map((e: { row: number; column: string | null; code: string; value: string }) => [e.row, e.column, e.code, e.value])).toEqual([
          [2, c.placeColumn, 'MUNICIPALITY_NOT_ALLOWED', c.other],
        ]);
      }
      expect(await counts()).toEqual(before);
      expect(await population()).toEqual(populationBefore);

      // the same file without the other municipality's row is the planner's to import
      const own = await request(t.http)
        .post('/api/v1/imports')
        .set('X-API-Key', planner)
        .field('snapshotDate', '2025-03-31')
        .attach('file', file(c.ownRow), 'own.csv')
        .expect(201);
      expect(own.body).toMatchObject({ format: c.format, rowsRead: 1, createdBy: expect.stringMatching(/^key:\d+$/) });
      expect(own.body.inserted + own.body.revised).toBe(1);
      expect(await c.written(t, own.body.id)).toEqual([c.own]);
      // population is one table for all: the planner's own district is set from the file (40,001 = 25,000 + 15,001), the other's is as it was
      expect(await population()).toEqual(
        c.format === 'population'
          ? [{ ubigeo: '080801', year: 2024, total: 40001 }, ...populationBefore.filter((r) => r.ubigeo !== '080801')]
          : populationBefore,
      );
      // and the audit trail files it under that municipality
      const audit = await request(t.http).get(`/api/v1/audit?type=import&municipality=${c.own}`).set('X-API-Key', TEST_ADMIN_KEY).expect(200);
      expect(audit.body.items.find((e: { subject: string }) => e.subject === String(own.body.id))).toMatchObject({ municipalities: [c.own] });
    },
  );
});
