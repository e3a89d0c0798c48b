import request from 'supertest';
import { MEF_GASTO_HEADER } from './support/mef-gasto-file.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * División and grupo funcional have no classifier table in the service: a planner's template is checked against the
 * codes of the budget lines already imported, and a code none of them has is a warning (the import goes on).
 * Expected messages are the registry's (src/i18n/row-problems.ts) with their parameters filled in by hand.
 */
describe('división and grupo funcional codes of a planner’s template', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const TEMPLATE_HEADER =
    'Año,Ubigeo,Tipo,Código (CUI o actividad),Nombre del proyecto o actividad,Función,División funcional,Grupo funcional,Rubro,PIA,PIM,Certificación,Compromiso anual,Devengado,Girado,Área';
  /** A template row of Espinar's provincial municipality, 2024, with its división and grupo. */
  const row = (cui: string, division: string, group: string) => `2024,080801,Proyecto,${cui},OBRA ${cui},03,${division},${group},18,10,10,0,0,5,0,`;
  const template = (...rows: string[]) => Buffer.from(`${[TEMPLATE_HEADER, ...rows].join('\n')}\n`);
  const warningsOf = async (id: number, lang: string) =>
    (await request(t.http).get(`/api/v1/imports/${id}`).set('X-API-Key', t.adminKey).set('Accept-Language', lang).expect(200)).body;
  const functional = (w: { code: string; column: string }) => w.code === 'UNKNOWN_CLASSIFIER' && /^(División|Grupo) funcional$/.test(w.column);

  it('says nothing while no budget line is known, then flags the codes MEF’s lines never use', async () => {
    // nothing imported yet: any división is as good as another, so no warning
    const first = await t
      .post('/api/v1/imports')
      .attach('file', template(row('2400001', '999', '9999')), 'plantilla_2025-01-31.csv')
      .expect(201);
    expect((await warningsOf(first.body.id, 'es')).rowWarnings.filter(functional)).toEqual([]);

    // MEF's lines: divisiones 006 and 040, grupos 0008 and 0088; they replace the template's lines of the same
    // municipality-year, so 999/9999 are no current line's codes any more
    const mef = [
      MEF_GASTO_HEADER,
      'M,300740,08,08,01,2,2400010,OBRA A,03,PLANEAMIENTO,006,GESTION,0008,ASESORAMIENTO Y APOYO,5,RECURSOS DETERMINADOS,18,CANON,2024,100,100,0,0,50,50',
      'M,300740,08,08,01,2,2400011,OBRA B,18,SANEAMIENTO,040,SANEAMIENTO,0088,SANEAMIENTO RURAL,5,RECURSOS DETERMINADOS,18,CANON,2024,100,100,0,0,50,50',
    ].join('\n');
    await t.post('/api/v1/imports').attach('file', Buffer.from(mef), 'gasto_2025-02-28.csv').expect(201);

    const res = await t
      .post('/api/v1/imports')
      .attach('file', template(row('2400020', '006', '0088'), row('2400021', '777', '0008'), row('2400022', '040', '0123')), 'plantilla_2025-03-31.csv')
      .expect(201);
    expect(res.body.rowsRead).toBe(3); // a warning stops nothing
    // known: divisiones 006, 040 (2); grupos 0008, 0088 (2). Row 3 has división 777, row 4 grupo 0123.
    const es = (await warningsOf(res.body.id, 'es')).rowWarnings.filter(functional);
    expect(es.map((w: { row: number; column: string; value: string; message: string }) => [w.row, w.column, w.value, w.message])).toEqual([
      [
        3,
        'División funcional',
        '777',
        'la división funcional 777 no aparece en ninguna línea de presupuesto vigente (2 divisiones conocidas): revise el código',
      ],
      [4, 'Grupo funcional', '0123', 'el grupo funcional 0123 no aparece en ninguna línea de presupuesto vigente (2 grupos conocidos): revise el código'],
    ]);
    const en = (await warningsOf(res.body.id, 'en')).rowWarnings.filter(functional);
    expect(en[0].message).toBe('división funcional 777 appears in no current budget line (2 divisions known): check the code');
  });

  it('does not check MEF’s own files, the codes’ source', async () => {
    const mef = [
      MEF_GASTO_HEADER,
      'M,300740,08,08,01,2,2400030,OBRA C,03,PLANEAMIENTO,555,NUEVA,5555,NUEVO,5,RECURSOS DETERMINADOS,18,CANON,2024,100,100,0,0,50,50',
    ].join('\n');
    const res = await t.post('/api/v1/imports').attach('file', Buffer.from(mef), 'gasto_2025-04-30.csv').expect(201);
    expect((await warningsOf(res.body.id, 'es')).rowWarnings.filter(functional)).toEqual([]);
  });
});
