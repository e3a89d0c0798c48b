import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { TEMPLATE_COLUMNS } from '../src/imports/formats/template.format.js';
import { createTestApp, TEST_ADMIN_KEY, type TestApp } from './support/test-app.js';

const CSV = 'test/fixtures/invierte_banco_inversiones_consulta_sample50rows_amazonas.csv';
const CUI = 'Código único de inversión';

/** A planner's reach over the Invierte.pe registry: the stored project decides, not what a row claims. */
describe("a planner's Invierte.pe import", () => {
  const A = '010612'; // Vista Alegre (district), province Rodríguez de Mendoza
  const B = '010601'; // San Nicolás (the provincial municipality of Rodríguez de Mendoza)
  const text = readFileSync(CSV, 'utf8');
  const header = text.split('\n')[0].trim();
  const rows: Record<string, string>[] = parse(text, { columns: true });
  const rowsOf = (cui: string) => rows.filter((r) => r[CUI] === `${cui}.0`);
  /** "10601.0" → "010601", as the registry export writes ubigeos. */
  const ubigeo = (r: Record<string, string>) => r.Ubigeo.replace(/\.0$/, '').padStart(6, '0');
  const districtsOf = (cui: string) => [...new Set(rowsOf(cui).map(ubigeo))].sort();
  /** An Invierte.pe file with the fixture's header and these rows (changed as given). */
  const registry = (...changed: Record<string, string>[]) =>
    Buffer.from(
      [
        header,
        ...changed.map((r) =>
          header
            .split(',')
            .map((h) => `"${(r[h] ?? '').replaceAll('"', '""')}"`)
            .join(','),
        ),
      ].join('\n'),
    );
  const counts = async () =>
    (
      await t.sql(
        `SELECT (SELECT count(*) FROM import)::int AS imports, (SELECT count(*) FROM audit_event)::int AS events, (SELECT count(*) FROM project_cost)::int AS costs, (SELECT count(*) FROM project)::int AS projects`,
      )
    )[0];
  const importEvent = async (id: number) =>
    (await request(t.http).get('/api/v1/audit?type=import').set('X-API-Key', TEST_ADMIN_KEY).expect(200)).body.items.find(
      (e: { subject: string }) => e.subject === String(id),
    );

  let t: TestApp;
  let plannerA: string;
  let plannerB: string;
  beforeAll(async () => {
    t = await createTestApp();
    await t.post('/api/v1/imports').field('snapshotDate', '2025-01-15').attach('file', CSV).expect(201);
    plannerA = (
      await t
        .post('/api/v1/keys')
        .send({ name: 'Vista Alegre', role: 'planner', municipalities: [A] })
        .expect(201)
    ).body.key;
    plannerB = (
      await t
        .post('/api/v1/keys')
        .send({ name: 'Rodríguez de Mendoza', role: 'planner', municipalities: [B] })
        .expect(201)
    ).body.key;
  });
  afterAll(() => t.close());

  it("refuses, whole and even with onError=skip, a row for another municipality's project that claims the planner's district", async () => {
    // 2536554 is B's: the provincial municipality's water works, one row, in San Nicolás
    const [theirs] = rowsOf('2536554');
    expect(districtsOf('2536554')).toEqual([B]);
    const forged = {
      ...theirs,
      'Nombre de la inversión': 'OBRA AJENA',
      'Estado de la inversión': 'CERRADO',
      'Monto viable': '1',
      'Costo actualizado': '2',
      Distrito: 'VISTA ALEGRE',
      Ubigeo: '10612.0',
    };
    const [own] = rowsOf('2632166');
    const before = await counts();
    for (const onError of ['reject', 'skip']) {
      const res = await request(t.http)
        .post('/api/v1/imports')
        .set('X-API-Key', plannerA)
        .field('onError', onError)
        .field('snapshotDate', '2025-02-28')
        .attach('file', registry(own, forged), 'registro.csv')
        .expect(422);
      expect(res.body).toMatchObject({ status: 422, code: 'IMPORT_REJECTED' });
      // rows are the lines where records start: the header's, then own's (its description holds line breaks), then the forged one
      const forgedLine = 2 + 1 + (Object.values(own).join('').match(/\n/g) ?? []).length;
      expect(res.body.errors.map((e: { row: number; column: string; code: string; value: string }) => [e.row, e.column, e.code, e.value])).toEqual([
        [forgedLine, CUI, 'PROJECT_NOT_ALLOWED', '2536554'],
      ]);
    }
    expect(await counts()).toEqual(before);

    // B's project reads as the admin's file has it: "9.08853918E7" → 90,885,391.80, "9.09853918E7" → 90,985,391.80
    const p = (await request(t.http).get('/api/v1/projects/2536554').expect(200)).body;
    expect(theirs['Monto viable']).toBe('9.08853918E7');
    expect(theirs['Costo actualizado']).toBe('9.09853918E7');
    expect(p).toMatchObject({
      name: theirs['Nombre de la inversión'].trim(),
      status: theirs['Estado de la inversión'],
      locations: [B],
      viableAmount: '90885391.80',
      updatedCost: '90985391.80',
    });
    expect(p.costHistory).toHaveLength(1);
    // and it stays out of the planner's reach for the area and the dimension (it has no budget line: the registry alone says whose it is)
    for (const [what, body] of [
      ['area', { area: 'rural', reason: 'Field note' }],
      ['dimension', { dimension: 'equal_rights', reason: 'Field note' }],
    ] as const) {
      const refused = await request(t.http).put(`/api/v1/projects/2536554/${what}`).set('X-API-Key', plannerA).send(body).expect(403);
      expect(refused.body).toMatchObject({ status: 403, code: 'MUNICIPALITY_NOT_ALLOWED' });
    }
    expect((await request(t.http).get('/api/v1/projects/2536554').expect(200)).body).toMatchObject({ area: p.area, dimension: p.dimension });
    expect(await counts()).toEqual(before);
  });

  it('refuses a new CUI whose owning entity is another municipality, whatever district its row names', async () => {
    const [model] = rowsOf('2536554'); // owned by MUNICIPALIDAD PROVINCIAL DE RODRIGUEZ DE MENDOZA (B)
    const fresh = { ...model, [CUI]: '2999902', Distrito: 'VISTA ALEGRE', Ubigeo: '10612.0' };
    const res = await request(t.http)
      .post('/api/v1/imports')
      .set('X-API-Key', plannerA)
      .field('snapshotDate', '2025-02-28')
      .attach('file', registry(fresh), 'nuevo.csv')
      .expect(422);
    expect(res.body.errors.map((e: { row: number; column: string; code: string; value: string }) => [e.row, e.column, e.code, e.value])).toEqual([
      [2, 'Entidad', 'PROJECT_NOT_ALLOWED', 'MUNICIPALIDAD PROVINCIAL DE RODRIGUEZ DE MENDOZA'],
    ]);
    await request(t.http).get('/api/v1/projects/2999902').expect(404);
  });

  it("imports the planner's own projects, new and stored, and audits its municipality", async () => {
    const [own] = rowsOf('2632166'); // MUNICIPALIDAD DISTRITAL DE VISTA ALEGRE, in Vista Alegre
    expect(districtsOf('2632166')).toEqual([A]);
    const renamed = { ...own, 'Nombre de la inversión': 'MEJORAMIENTO DEL CAMINO CRUCE SALAS - VISTA ALEGRE', 'Costo actualizado': '6.1E7' };
    const fresh = { ...own, [CUI]: '2999901', 'Nombre de la inversión': 'CREACION DEL LOCAL COMUNAL DE VISTA ALEGRE' };
    const res = await request(t.http)
      .post('/api/v1/imports')
      .set('X-API-Key', plannerA)
      .field('snapshotDate', '2025-03-31')
      .attach('file', registry(renamed, fresh), 'propio.csv')
      .expect(201);
    expect(res.body).toMatchObject({ format: 'invierte', inserted: 1, revised: 1, unchanged: 0 });
    expect((await request(t.http).get('/api/v1/projects/2632166').expect(200)).body).toMatchObject({
      name: renamed['Nombre de la inversión'],
      locations: [A],
      updatedCost: '61000000.00',
    });
    expect((await request(t.http).get('/api/v1/projects/2999901').expect(200)).body).toMatchObject({ locations: [A], entity: own.Entidad });
    expect((await importEvent(res.body.id)).municipalities).toEqual([A]);
  });

  it("keeps the districts of a shared project that lie outside the planner's municipalities, and audits them all", async () => {
    // 2546400 (a national road) spans six districts, B among them; B's planner sends B's row only
    const districts = districtsOf('2546400');
    expect(districts).toContain(B);
    expect(districts.length).toBe(6);
    const [inB] = rowsOf('2546400').filter((r) => ubigeo(r) === B);
    // with a new project of B's own: "MUNICIPALIDAD PROVINCIAL DE RODRIGUEZ DE MENDOZA" is the provincial municipality of "Rodríguez de Mendoza"
    const [water] = rowsOf('2536554');
    const fresh = { ...water, [CUI]: '2999903', 'Nombre de la inversión': 'CREACION DEL RESERVORIO DE MENDOZA' };
    const res = await request(t.http)
      .post('/api/v1/imports')
      .set('X-API-Key', plannerB)
      .field('snapshotDate', '2025-03-31')
      .attach('file', registry({ ...inB, 'Estado de la inversión': 'CERRADO' }, fresh), 'via.csv')
      .expect(201);
    expect(res.body).toMatchObject({ inserted: 1, revised: 0, unchanged: 1 }); // the road's costs are the same: only its status changes
    expect((await request(t.http).get('/api/v1/projects/2999903').expect(200)).body).toMatchObject({ locations: [B], entity: water.Entidad });
    const p = (await request(t.http).get('/api/v1/projects/2546400').expect(200)).body;
    expect(p).toMatchObject({ status: 'CERRADO', locations: districts });
    expect((await importEvent(res.body.id)).municipalities).toEqual(districts);

    // an area set by hand is audited under every district of the project too
    await request(t.http).put('/api/v1/projects/2546400/area').set('X-API-Key', plannerB).send({ area: 'rural', reason: 'Road between villages' }).expect(200);
    const area = (await request(t.http).get('/api/v1/audit?type=project_area').set('X-API-Key', TEST_ADMIN_KEY).expect(200)).body.items.find(
      (e: { subject: string }) => e.subject === '2546400',
    );
    expect(area.municipalities).toEqual(districts);

    // an admin's template that sets the area of that road under Vista Alegre's ubigeo touches its six districts as well
    const template = Buffer.from(
      [TEMPLATE_COLUMNS.map((c) => c.header).join(','), `2024,${A},Proyecto,2546400,CARRETERA,15,033,0066,18,1,2,0,0,1,1,urbano`].join('\n'),
    );
    const imported = await t.post('/api/v1/imports').field('snapshotDate', '2025-03-31').attach('file', template, 'plantilla.csv').expect(201);
    expect((await importEvent(imported.body.id)).municipalities).toEqual([...districts, A].sort());
  });

  it("refuses a MEF gasto line of another municipality's project under the planner's own district, and keeps the project out of its reach", async () => {
    // the real comparativo sample's first row (Chuschi's activity), made a project line of Vista Alegre (A) naming B's 2536554
    const mef = readFileSync('test/fixtures/mef_comparativo_gasto_2022-2025_sample10rows.csv', 'utf8');
    const mefHeader = mef.split('\n')[0].trim();
    const [first] = parse(mef, { columns: true }) as Record<string, string>[];
    const lineOf = (cui: string) => ({
      ...first,
      DEPARTAMENTO_EJECUTORA: '01',
      PROVINCIA_EJECUTORA: '06',
      DISTRITO_EJECUTORA: '12',
      TIPO_ACT_PROY: '2',
      ACT_PROY: cui,
      ACT_PROY_NOMBRE: 'OBRA',
    });
    const file = (...lines: Record<string, string>[]) =>
      Buffer.from(
        [
          mefHeader,
          ...lines.map((r) =>
            mefHeader
              .split(',')
              .map((h) => `"${(r[h] ?? '').replaceAll('"', '""')}"`)
              .join(','),
          ),
        ].join('\n'),
      );
    const before = await counts();
    const res = await request(t.http)
      .post('/api/v1/imports')
      .set('X-API-Key', plannerA)
      .field('snapshotDate', '2025-06-01')
      .attach('file', file(lineOf('2632166'), lineOf('2536554')), 'gasto.csv')
      .expect(422);
    // row 3: the header is row 1, A's own project row 2
    expect(res.body.errors.map((e: { row: number; column: string; code: string; value: string }) => [e.row, e.column, e.code, e.value])).toEqual([
      [3, 'ACT_PROY', 'PROJECT_NOT_ALLOWED', '2536554'],
    ]);
    expect(await counts()).toEqual(before);
    await request(t.http).put('/api/v1/projects/2536554/area').set('X-API-Key', plannerA).send({ area: 'rural', reason: 'Field note' }).expect(403);
    // its own project's line alone is imported
    await request(t.http)
      .post('/api/v1/imports')
      .set('X-API-Key', plannerA)
      .field('snapshotDate', '2025-06-01')
      .attach('file', file(lineOf('2632166')), 'gasto.csv')
      .expect(201);
  });

  it('lists in an admin import every municipality it touched: the districts a project leaves as well as those it enters', async () => {
    // 2551769 keeps two of its fourteen districts; 2625637 moves from Nieva (010401) to El Cenepa (010402)
    const kept = rowsOf('2551769').slice(0, 2);
    const [moved] = rowsOf('2625637');
    const changed = [...kept, { ...moved, Distrito: 'EL CENEPA', Ubigeo: '10402.0' }];
    const res = await t
      .post('/api/v1/imports')
      .field('snapshotDate', '2025-04-30')
      .attach('file', registry(...changed), 'revision.csv')
      .expect(201);
    const expected = [...new Set([...districtsOf('2551769'), ...districtsOf('2625637'), ...changed.map(ubigeo)])].sort();
    expect(expected).toHaveLength(14 + 2);
    expect((await importEvent(res.body.id)).municipalities).toEqual(expected);
    expect((await request(t.http).get('/api/v1/projects/2625637').expect(200)).body.locations).toEqual(['010402']);
    expect((await request(t.http).get('/api/v1/projects/2551769').expect(200)).body.locations).toEqual(kept.map(ubigeo).sort());
  });
});
