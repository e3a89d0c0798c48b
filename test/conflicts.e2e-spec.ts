import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app.js';

const FILE = 'data/demo/conflictos_mineros_defensoria_2024-03_snap2024-03-31.csv';

/** Names compared as the tracker compares them: without accents, in capitals. */
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toUpperCase();

describe("the Defensoría's mining-conflict cases", () => {
  const cases: Record<string, string>[] = parse(readFileSync(FILE), { columns: true });
  const reference: Record<string, string>[] = parse(readFileSync('data/reference/municipalities.csv'), { columns: true });
  /**
   * Each case's place, worked out here from the reference list: the district of its province (or the
   * province where the report says "No detalla"); null when a name matches no place or several.
   */
  const placeOf = (c: Record<string, string>): string | null => {
    const province = [
      ...new Set(
        reference.filter((m) => fold(m.department_name) === fold(c.departamento) && fold(m.province_name) === fold(c.provincia)).map((m) => m.province_code),
      ),
    ];
    if (province.length !== 1) return null;
    if (fold(c.distrito) === 'NO DETALLA') return province[0];
    const district = reference.filter((m) => m.province_code === province[0] && fold(m.name) === fold(c.distrito));
    return district.length === 1 ? district[0].ubigeo : null;
  };
  type Placed = Record<string, string> & { row: number; place: string | null };
  const placed: Placed[] = cases.map((c, i) => Object.assign({}, c, { row: i + 2, place: placeOf(c) }));
  const unplaced = placed.filter((c) => c.place === null);

  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('refuses the report whole while a name matches no place, naming its row and column, and writes nothing', async () => {
    // one district is spelt "San Francisco de Ravacayco" where INEI writes "Rivacayco"
    expect(unplaced.map((c) => [c.row, c.distrito])).toEqual([[expect.any(Number), 'San Francisco de Ravacayco']]);
    const res = await t.post('/api/v1/imports').attach('file', FILE).expect(422);
    expect(res.body.code).toBe('IMPORT_REJECTED');
    expect(res.body.errors.map((e: { row: number; column: string; code: string; value: string }) => [e.row, e.column, e.code, e.value])).toEqual(
      unplaced.map((c) => [c.row, 'distrito', 'UNKNOWN_PLACE', c.distrito]),
    );
    expect(res.body.errors[0].message).toBe('ningún distrito de 0507 se llama "San Francisco de Ravacayco" (no se adivina una grafía parecida)');
    expect(await t.sql('SELECT count(*)::int AS n FROM conflict_case')).toEqual([{ n: 0 }]);
  });

  it('imports the others with onError=skip, resolved per department as the reference geography places them', async () => {
    const res = await t.post('/api/v1/imports').field('onError', 'skip').attach('file', FILE).expect(201);
    expect(res.body).toMatchObject({
      format: 'defensoria-conflicts',
      snapshotDate: '2024-03-31',
      rowsRead: cases.length,
      rowsRejected: unplaced.length,
      inserted: cases.length - unplaced.length,
    });
    const perDepartment = new Map<string, number>();
    for (const c of placed) if (c.place) perDepartment.set(c.place.slice(0, 2), (perDepartment.get(c.place.slice(0, 2)) ?? 0) + 1);
    for (const [department, count] of perDepartment) {
      const read = await request(t.http).get(`/api/v1/conflicts?place=${department}&limit=1`).expect(200);
      expect([department, read.body.total]).toEqual([department, count]);
    }
    // 18 departments, Ayacucho with one case fewer than the report (the unplaced one)
    expect(perDepartment.size).toBe(new Set(cases.map((c) => c.departamento)).size);
    const all = await request(t.http).get('/api/v1/conflicts?limit=2000').expect(200);
    expect(all.body.total).toBe(cases.length - unplaced.length);
    expect(all.body.source).toEqual({
      importId: res.body.id,
      snapshotDate: '2024-03-31',
      fileName: 'conflictos_mineros_defensoria_2024-03_snap2024-03-31.csv',
    });
  });

  it("shows Espinar's cases for 0808, and for Espinar district those of the district and of the whole province", async () => {
    const espinar = placed.filter((c) => c.place?.startsWith('0808'));
    expect(espinar.length).toBe(cases.filter((c) => c.provincia === 'Espinar').length);
    const res = await request(t.http).get('/api/v1/conflicts?place=0808').expect(200);
    expect(res.body.items.map((i: { caseName: string; place: { code: string }; relation: string }) => [i.caseName, i.place.code, i.relation]).sort()).toEqual(
      espinar.map((c) => [c.caso, c.place, c.place === '0808' ? 'exact' : 'inside']).sort(),
    );
    const province = res.body.items.find((i: { place: { code: string } }) => i.place.code === '0808');
    const source = espinar.find((c) => c.place === '0808')!;
    expect(province).toEqual({
      caseName: source.caso,
      place: { code: '0808', level: 'province', name: 'Espinar' },
      relation: 'exact',
      department: 'Cusco',
      province: 'Espinar',
      district: null, // "No detalla"
      company: source.empresa,
      kind: source.tipo,
      activity: source.actividad,
      state: source.estado,
      phase: source.fase,
      violence: source.vio_if === 'Sí',
      dialogue: source.dial_if === 'Sí',
      competence: source.competencia,
      latitude: source.lat, // kept as the report writes it
      longitude: source.lon,
      sourceRow: placed.indexOf(source) + 2,
    });
    // Espinar district (the provincial municipality 080801): its own case, and the province's
    const district = await request(t.http).get('/api/v1/conflicts?place=080801').expect(200);
    expect(district.body.items.map((i: { caseName: string; relation: string }) => [i.caseName, i.relation]).sort()).toEqual(
      espinar
        .filter((c) => c.place === '080801' || c.place === '0808')
        .map((c) => [c.caso, c.place === '0808' ? 'contains' : 'exact'])
        .sort(),
    );
    // the same count on the commitments read of the place
    const commitments = await request(t.http).get('/api/v1/commitments?place=0808').expect(200);
    expect(commitments.body.conflicts).toEqual({
      cases: espinar.length,
      active: espinar.filter((c) => c.estado === 'Activo').length,
      withDialogue: espinar.filter((c) => c.dial_if === 'Sí').length,
      snapshotDate: '2024-03-31',
      href: '/api/v1/conflicts?place=0808',
    });
    const dialogue = await request(t.http).get('/api/v1/conflicts?place=0808&dialogue=true&state=activo').expect(200);
    expect(dialogue.body.total).toBe(espinar.filter((c) => c.dial_if === 'Sí' && c.estado === 'Activo').length);
  });

  it('resolves names without regard to accents or case, and never guesses one that matches nothing', async () => {
    const header = Object.keys(cases[0]).join(',');
    const row = (dep: string, prov: string, dist: string) =>
      `Caso ${dist},Peru,${dep},${prov},${dist},Empresa,Socioambiental,Minería,Activo,Diálogo,No,Sí,Gobierno nacional,,`;
    const file = [header, row('APURIMAC', 'cotabambas', 'CHALLHUAHUACHO'), row('Cuzco', 'Espinar', 'Espinar'), row('Cusco', 'Espinar', 'Yauri')].join('\n');
    const res = await t
      .post('/api/v1/imports')
      .set('Accept-Language', 'en')
      .field('snapshotDate', '2024-03-31')
      .attach('file', Buffer.from(file), 'conflictos.csv')
      .expect(422);
    expect(res.body.errors.map((e: { row: number; column: string; code: string; message: string }) => [e.row, e.column, e.code, e.message])).toEqual([
      [3, 'departamento', 'UNKNOWN_PLACE', 'no department is called "Cuzco"'],
      [4, 'distrito', 'UNKNOWN_PLACE', 'no district of 0808 is called "Yauri" (a similar spelling is not guessed at)'], // Yauri is the capital's town, not a district's name
    ]);
    await request(t.http)
      .get('/api/v1/conflicts?place=99')
      .expect(400)
      .expect((r) => expect(r.body.code).toBe('UNKNOWN_PLACE'));
    await request(t.http)
      .get('/api/v1/conflicts?place=123')
      .expect(400)
      .expect((r) => expect(r.body.code).toBe('INVALID_REQUEST'));
  });
});
