import request from 'supertest';
import { getWorkbook } from './support/workbook.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * The analyses' sentences and notes come in the caller's language: Spanish by default (the users are
 * Peruvian planners), English with Accept-Language: en or lang=en; the figures are the same either way.
 */
const CANON = 'data/demo/canon_transferido_rubro18_espinar_2019-2026.csv';
const HEADER =
  'NIVEL_GOBIERNO,SEC_EJEC,DEPARTAMENTO_EJECUTORA,PROVINCIA_EJECUTORA,DISTRITO_EJECUTORA,TIPO_ACT_PROY,PRODUCTO_PROYECTO,PRODUCTO_PROYECTO_NOMBRE,FUNCION,FUNCION_NOMBRE,DIVISION_FUNCIONAL,DIVISION_FUNCIONAL_NOMBRE,GRUPO_FUNCIONAL,GRUPO_FUNCIONAL_NOMBRE,FUENTE_FINANCIAMIENTO,FUENTE_FINANCIAMIENTO_NOMBRE,RUBRO,RUBRO_NOMBRE,ANO_EJE,MONTO_PIA,MONTO_PIM,MONTO_CERTIFICADO,MONTO_COMPROMETIDO_ANUAL,MONTO_DEVENGADO,MONTO_GIRADO';
const line = (ubigeo: string, product: string, fn: string, division: string, group: string, pia: number, pim: number, dev: number) =>
  `M,300740,${ubigeo.slice(0, 2)},${ubigeo.slice(2, 4)},${ubigeo.slice(4)},2,${product},OBRA ${product},${fn},F${fn},${division},D${division},${group},G${group},5,RD,18,CANON,2024,${pia},${pim},0,0,${dev},0`;

// the lines of test/dimensions.e2e-spec.ts, with a PIA on the first project: total PIM 1,000
const GASTO = [
  HEADER,
  line('080801', '2000001', '20', '043', '0095', 100, 600, 300), // salud: equal rights
  line('080803', '2000002', '15', '033', '0066', 0, 300, 150), // transporte: income and productivity
  line('080801', '2000003', '10', '010', '0005', 0, 40, 0), // agropecuaria: structural change
  line('080801', '2000004', '25', '052', '0118', 0, 40, 40), // deuda: unclassified by rule
  line('080801', '2000005', '99', '999', '9999', 0, 20, 20), // a función no rule covers
].join('\n');

const TWO = 'municipality=080801,080803&year=2024';
const ESPINAR = 'province=0808&year=2024';
/** The figures written in a text, in order: the same in both languages. */
const figures = (text: string) => text.match(/\d+(\.\d+)?/g) ?? [];

describe('sentences in the caller’s language', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.post('/api/v1/imports').attach('file', CANON).expect(201);
    await t.post('/api/v1/imports').field('snapshotDate', '2026-10-31').attach('file', Buffer.from(GASTO), 'gasto-2024.csv').expect(201);
  });
  afterAll(() => t.close());

  const get = (path: string, lang?: string) => {
    const req = request(t.http).get(path);
    return (lang ? req.set('Accept-Language', lang) : req).expect(200);
  };

  it('says the ten-soles sentence and the left-out notes of the dimensions in Spanish by default, in English when asked, with the same figures', async () => {
    const es = await get(`/api/v1/analytics/dimensions?${TWO}`);
    const en = await get(`/api/v1/analytics/dimensions?${TWO}`, 'en');
    expect([es.headers['content-language'], en.headers['content-language']]).toEqual(['es', 'en']);
    // of every 10 soles: 600 → 6, 300 → 3, 60 unclassified → 0.6 → 1, 40 structural → 0.4 → less than one
    expect(es.body.periods[0].sentence).toBe(
      'De cada 10 soles del PIM, 6 a igualdad de derechos, 3 a ingresos y productividad, 1 a sin clasificar y menos de uno a cambio estructural.',
    );
    expect(en.body.periods[0].sentence).toBe(
      'Of every 10 soles of PIM, 6 to equal rights, 3 to income and productivity, 1 to unclassified and less than one to structural change.',
    );
    // unclassified: 40 (deuda) + 20 (función 99, no rule)
    expect(es.body.inputs.leftOut).toEqual(['S/ 60 del PIM está sin clasificar, S/ 20 de ello sin ninguna regla.']);
    expect(en.body.inputs.leftOut).toEqual(['S/ 60 of PIM is unclassified, S/ 20 of it with no rule at all.']);
    expect(es.body.periods[0].rows.map((r: { label: string }) => r.label)).toEqual([
      'cambio estructural',
      'ingresos y productividad',
      'igualdad de derechos',
      'sin clasificar',
    ]);
    // everything but the words is the same
    const figuresOf = (body: { periods: { rows: Record<string, unknown>[]; sentence: string }[]; inputs: unknown }) => ({
      ...body.periods[0],
      sentence: figures(body.periods[0].sentence),
      rows: body.periods[0].rows.map(({ label: _label, ...r }) => r),
      inputs: { ...(body.inputs as Record<string, unknown>), leftOut: null, sources: null },
    });
    expect(figuresOf(es.body)).toEqual(figuresOf(en.body));
    expect([es.body.inputs.sources, en.body.inputs.sources]).toEqual([
      ['líneas de presupuesto (datos abiertos del MEF o la plantilla)'],
      ['budget lines (MEF open data or the template)'],
    ]);
    // lang=en in the query does what the header does (for a link)
    const linked = await get(`/api/v1/analytics/dimensions?${TWO}&lang=en`);
    expect(linked.body.periods[0].sentence).toBe(en.body.periods[0].sentence);
  });

  it('says which file is missing, in Spanish, when the finding is not stated', async () => {
    const es = await get(`/api/v1/analytics/dimensions?${ESPINAR}`);
    const en = await get(`/api/v1/analytics/dimensions?${ESPINAR}`, 'es-PE;q=0.5, en;q=0.9');
    // six of Espinar's eight municipalities have no lines
    const missing = {
      es: 'No se importaron líneas de presupuesto de 080802, 080804, 080805, 080806, 080807, 080808 en 2024: importe el archivo de gasto del MEF de ese año (2024-Gasto.csv, datos abiertos) o la plantilla del planificador.',
      en: "No budget lines were imported for 080802, 080804, 080805, 080806, 080807, 080808 in 2024: import MEF's gasto file for that year (2024-Gasto.csv, open data) or the planner's template.",
    };
    expect(es.body.periods[0].coverage.missing).toEqual([missing.es]);
    expect(en.body.periods[0].coverage.missing).toEqual([missing.en]);
    expect(es.body.periods[0].sentence).toBe(
      `Cómo se reparte el PIM entre las dimensiones de la CEPAL no se afirma: sus datos están incompletos. ${missing.es}`,
    );
    expect(en.body.periods[0].sentence).toBe(`How the PIM divides among the ECLAC dimensions is not stated: its inputs are incomplete. ${missing.en}`);
    expect({ ...es.body.periods[0].coverage, missing: null }).toEqual({ ...en.body.periods[0].coverage, missing: null });
  });

  it('says what the canon analysis of Espinar left out in Spanish, with the same figures as in English', async () => {
    const es = await get(`/api/v1/analytics/canon?${ESPINAR}`);
    const en = await get(`/api/v1/analytics/canon?${ESPINAR}`, 'en');
    const without = '080802, 080804, 080805, 080806, 080807, 080808';
    expect(es.body.inputs.leftOut).toContain(
      `No se cargaron líneas de presupuesto del rubro 18 de ${without}: su PIM y devengado del rubro 18 son desconocidos, no 0.`,
    );
    expect(en.body.inputs.leftOut).toContain(`No rubro-18 budget lines loaded for ${without}: their rubro-18 PIM and devengado are unknown, not 0.`);
    expect(es.body.inputs.leftOut).toHaveLength(en.body.inputs.leftOut.length);
    expect(es.body.inputs.leftOut.map(figures)).toEqual(en.body.inputs.leftOut.map(figures));
    // six of its eight municipalities have no rubro-18 lines: the province's year is not said in words at all
    expect(es.body.periods[0].byYear.map((y: { sentence: string | null }) => y.sentence)).toEqual([null]);
    // the two municipalities with lines: each year in words, with the same figures in either language
    const esTwo = await get(`/api/v1/analytics/canon?${TWO}`);
    const enTwo = await get(`/api/v1/analytics/canon?${TWO}`, 'en');
    const { coverage: esCoverage, ...esFigures } = esTwo.body.periods[0];
    const { coverage: enCoverage, ...enFigures } = enTwo.body.periods[0];
    const unworded = (p: { byYear: { sentence: string | null }[] }) => ({ ...p, byYear: p.byYear.map(({ sentence: _s, ...y }) => y) });
    expect(unworded(esFigures)).toEqual(unworded(enFigures));
    expect(esFigures.byYear.map((y: { sentence: string }) => figures(y.sentence))).toEqual(
      enFigures.byYear.map((y: { sentence: string }) => figures(y.sentence)),
    );
    expect(esFigures.byYear[0].sentence).toMatch(/^En 2024 se devengaron S\/ 510 de canon/);
    expect(esFigures.totals.pim).toBe('1000.00'); // every line is on rubro 18
    expect(esCoverage.missing.map(figures)).toEqual(enCoverage.missing.map(figures));
  });

  it('puts the planning gap in words in either language', async () => {
    const es = await get(`/api/v1/analytics/planning-gap?${TWO}`);
    const en = await get(`/api/v1/analytics/planning-gap?${TWO}&lang=en`);
    // five projects with PIM, one of them (2000001) in the PIA: 5 ÷ 1 = 5
    expect(es.body.periods[0].inPia).toEqual({ projects: 1, amount: '600.00', projectsSharePct: 20, amountSharePct: 60, inWords: 'uno de cada cinco' });
    expect(en.body.periods[0].inPia).toEqual({ projects: 1, amount: '600.00', projectsSharePct: 20, amountSharePct: 60, inWords: 'one of every five' });
    expect(es.body.inputs.leftOut).toEqual(['No hay costos del registro (Invierte.pe) de estos proyectos: no hay crecimiento de costos.']);
    expect(en.body.inputs.leftOut).toEqual(['No registry costs (Invierte.pe) for these projects: no cost growth.']);
    const { inPia: _es, ...esRest } = es.body.periods[0];
    const { inPia: _en, ...enRest } = en.body.periods[0];
    expect(esRest).toEqual(enRest);
  });

  it('writes the canon distribution’s notes and method in Spanish by default', async () => {
    // no canon-entity-transfers import for Cusco (08) and no producing districts entered: the pot is 0.00
    const es = await get('/api/v1/analytics/canon-distribution?department=08&year=2024');
    const en = await get('/api/v1/analytics/canon-distribution?department=08&year=2024', 'en');
    expect(es.body.notes[0]).toBe(
      'No se importaron transferencias del rubro 18 a entidades de 08 para 2024 (formato canon-entity-transfers): el monto a repartir es 0.00.',
    );
    expect(en.body.notes[0]).toBe('No rubro-18 transfers to entities of 08 were imported for 2024 (format canon-entity-transfers): the pot is 0.00.');
    expect(es.body.notes[1]).toMatch(/^No se han ingresado los distritos productores de 08 en 2024 /);
    expect(es.body.method).toMatch(/^El monto a repartir es lo que las entidades del departamento recibieron en el rubro 18/);
    expect(en.body.method).toMatch(/^The pot is what the department's entities received on rubro 18/);
    expect(es.body.notes.map(figures)).toEqual(en.body.notes.map(figures));
    const { notes: _n, method: _m, index: esIndex, ...esFigures } = es.body;
    const { notes: _o, method: _p, index: enIndex, ...enFigures } = en.body;
    expect(esFigures).toEqual(enFigures);
    expect({ ...esIndex, population: null, poverty: null }).toEqual({ ...enIndex, population: null, poverty: null });
  });

  it('writes the audit report’s Summary sheet in Spanish by default and in English with lang=en', async () => {
    const summary = async (lang: string) =>
      (await getWorkbook(t.http, `/api/v1/reports/audit.xlsx?${TWO}${lang}`)).sheets
        .get(lang ? 'Summary' : 'Resumen')!
        .slice(1)
        .map((r) => String(r[1]));
    const es = await summary('');
    const en = await summary('&lang=en');
    expect(es).toContain('Presupuesto (totales municipales): no se afirma, sus datos están incompletos.');
    expect(en).toContain('Budget (municipality totals): not stated, its inputs are incomplete.');
    expect(es).toContain(
      'De cada 10 soles del PIM, 6 a igualdad de derechos, 3 a ingresos y productividad, 1 a sin clasificar y menos de uno a cambio estructural.',
    );
    // 1 of 5 projects with PIM in the PIA; the other 4 were added
    expect(es).toContain('Uno de cada cinco proyectos con PIM estaba en el PIA (1 de 5); 4 se agregaron durante el año.');
    expect(en).toContain('One of every five projects with PIM was in the PIA (1 of 5); 4 were added during the year.');
    // no Consulta Amigable totals for either municipality
    expect(es).toContain(
      'Falta: No se importaron totales de Consulta Amigable de ninguna de las 2 municipalidades de la selección en 2024: importe la exportación de Consulta Amigable del gasto municipal.',
    );
    expect(en).toContain(
      'Missing: No Consulta Amigable totals were imported for any of the 2 municipalities of the selection in 2024: import the Consulta Amigable export of municipal spending.',
    );
    expect(es.map(figures)).toEqual(en.map(figures));
    expect(es.some((s) => /\b(the|of every|not stated)\b/.test(s))).toBe(false);
  });
});
