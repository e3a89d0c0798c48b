// The place page's canon (función-level spending), works, and conflicts and commitments sections in a real
// browser (headless Chromium) against the real service, seeded with the bundled data as a fresh start loads it.
// Screenshots go to test-output/ (git-ignored) for a person to look at.
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { axe, openSettled, pageWidth, settled, soles, spaces, startBrowser } from './support/browser.js';
import {
  areaCanonPerHead,
  areaDevengadoPerHead,
  areaPeersOf,
  areaPopulation,
  areaRateTenths,
  canonReceivedOf,
  cuscoCanon,
  devengadoPerHead,
  espinarCanon,
  expected,
  municipalities,
  peersOf,
  perHead,
  population,
  rateTenths,
  soles as decimal,
  tenths,
} from './support/peers-reference.js';
import { DEMO, readConsultaCsv } from './support/files.js';
import { type TestApp, createTestApp } from './support/test-app.js';

let t: TestApp;
let base: string;
let browser: Browser;
let context: BrowserContext;
/** Every URL the pages asked for that was not the service on 127.0.0.1. */
const outside: string[] = [];

/** "8996512.03" → "S/ 8,996,512": to the nearest sol (half up), then as `soles` writes it. */
const nearestSol = (amount: string) => {
  const [units, cents = '00'] = amount.split('.');
  return soles(`${BigInt(units) + (Number(cents[0]) >= 5 ? 1n : 0n)}.00`);
};
/** 95.9 → "95.9 %", as the page writes a rate (es-PE: one decimal, a point). */
const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} %`);

const csv = (file: string): Record<string, string>[] => parse(readFileSync(file), { columns: true, skip_empty_lines: true, bom: true });
/** Espinar's canon devengado of 2024, from the bundled función file: every función line of its eight municipalities. */
const funcion = csv('data/demo/gasto_canon_por_funcion_espinar_2024-2026_snap2026-12-01.csv');
const devengado2024 = funcion.filter((r) => r.year === '2024').reduce((s, r) => s + BigInt(r.monto_devengado), 0n);
/** Espinar's canon transfers of 2024 (rubro 18, the bundled MEF file). */
const transfers2024 = csv('data/demo/canon_transferido_rubro18_espinar_2019-2026.csv')
  .filter((r) => r.anio === '2024')
  .reduce((s, r) => s + BigInt(r.rubro18_recaudado_total), 0n);
/** The Defensoría's cases the report places in the province of Espinar (one of them at province level, "No detalla"). */
const espinarCases = csv('data/demo/conflictos_mineros_defensoria_2024-03_snap2024-03-31.csv').filter((r) => r.provincia === 'Espinar');

beforeAll(async () => {
  t = await createTestApp({ seedDemoData: true });
  ({ base, browser, context } = await startBrowser(t, outside));
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Opens a place's page and waits until every section has loaded, none of them failing. */
const open = (path: string, width = 1280): Promise<Page> => openSettled(context, base + path, '#conflictos', width);

const cells = async (page: Page, row: string) => (await page.locator(row).locator('th, td').allTextContents()).map(spaces);
/** The cells of the row of a table whose heading cell reads `heading`. */
const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
const rowOf = async (page: Page, tbody: string, heading: string) =>
  (
    await page
      .locator(`${tbody} tr`)
      .filter({ has: page.locator('th', { hasText: exactly(heading) }) })
      .locator('th, td')
      .allTextContents()
  ).map(spaces);

describe('the canon section', () => {
  it("shows Espinar's 2024 canon devengado from the función file, against its transfers, marked as función level without PIA", async () => {
    // by hand from the file: 2024's función lines add up to 202,203,213 soles, above the 194,672,173 transferred
    expect([devengado2024, transfers2024]).toEqual([202203213n, 194672173n]);
    const page = await open('/lugar/0808?anio=2024');
    const section = page.locator('#canon');
    expect(spaces(await section.locator('#canon-anio-devengado').textContent())).toBe(soles(`${devengado2024}.00`));
    expect(spaces(await section.locator('#canon-anio-transferido').textContent())).toBe(soles(`${transfers2024}.00`));
    expect(await section.locator('#canon-funcion').textContent()).toContain('rubro 18, nivel de función, sin PIA');
    expect(await section.locator('#canon-sin-rubro18').count()).toBe(0);
    // the table's 2024 row: transferred, devengado, and the year's balance (transferred − devengado: 7,531,040 below zero)
    const row = await rowOf(page, '#canon tbody', '2024');
    expect([row[1], row[3], row[4]]).toEqual([soles(`${transfers2024}.00`), soles(`${devengado2024}.00`), `-${soles(`${devengado2024 - transfers2024}.00`)}`]);
    // the year it spent more than it received is read as earlier years' balance, never as a share over 100 %
    const reading = spaces(await section.locator('.reading li', { hasText: 'En 2024' }).textContent());
    expect(reading).toContain('se gastó saldo de transferencias de años anteriores');
    // 2022 has transfers but no spending lines: unknown, a dash, not 0; and the period is said to be partial
    const y2022 = await rowOf(page, '#canon tbody', '2022');
    expect(y2022[1]).not.toBe('—');
    expect(y2022[3]).toBe('—');
    expect(await section.locator('.note', { hasText: 'Cobertura parcial' }).count()).toBe(1);
    await page.screenshot({ path: 'test-output/lugar-espinar-2024-canon.png', fullPage: true });
    await page.close();

    // asked for 2022, the year's own figures say its devengado is unknown
    const y = await open('/lugar/0808?anio=2022');
    expect(spaces(await y.locator('#canon-anio-devengado').textContent())).toBe('—');
    expect(await y.locator('#canon-anio').textContent()).toContain('No hay líneas de gasto del rubro 18 de 2022');
    await y.close();
  });

  it('states the canon the map and the peers state for the place and year, and where it came from', async () => {
    // from the two MEF files (support/peers-reference.ts): Espinar's own transfers; the province of Cusco, which the
    // Espinar file does not cover, from the entities file; La Convención in 2019 has four districts without a row
    const cases: [string, number, string][] = [
      ['0808', 2024, 'transferencias de cada municipalidad'],
      ['0801', 2024, 'archivo de entidades del departamento'],
      ['0809', 2019, 'sin datos'],
    ];
    for (const [code, year, source] of cases) {
      const figure = canonReceivedOf(code, year);
      const map = (await request(t.http).get(`/api/v1/canon/places?year=${year}&groupBy=province&department=08`).expect(200)).body;
      expect([code, map.rows.find((r: { key: string }) => r.key === code).transferred]).toEqual([code, figure.transferred]);
      const page = await open(`/lugar/${code}?anio=${year}`);
      const section = page.locator('#canon');
      expect([code, spaces(await section.locator('#canon-anio-transferido').textContent())]).toEqual([
        code,
        figure.transferred === null ? '—' : soles(figure.transferred),
      ]);
      expect([code, spaces(await section.locator('#canon-anio-fuente').textContent())]).toEqual([code, source]);
      await page.close();
    }
    expect(canonReceivedOf('0809', 2019).withoutTransfers).toEqual(['080915', '080916', '080917', '080918']);
  });
});

describe('the conflicts and commitments section', () => {
  it("lists Espinar's Defensoría cases with company, state and dialogue, and says there are no commitments", async () => {
    expect(espinarCases).toHaveLength(5); // the March 2024 report: four district cases and one "No detalla"
    const page = await open('/lugar/0808?anio=2024');
    const rows = page.locator('#casos tbody tr');
    expect(await rows.count()).toBe(espinarCases.length);
    for (const c of espinarCases) {
      const row = (await rowOf(page, '#casos tbody', c.caso)).filter((_, i) => i !== 1);
      expect(row).toEqual([c.caso, c.empresa, c.estado, c.dial_if === 'Sí' ? 'Sí' : 'No']);
    }
    expect(spaces(await page.locator('#compromisos-ninguno').textContent())).toBe('No hay compromisos registrados para este lugar.');
    await page.close();
  });

  it('shows a commitment with its progress and its overdue mark', async () => {
    const sent = {
      forum: 'Mesa de Diálogo de Torata',
      agreedOn: '2024-01-10',
      partyKind: 'regional_government',
      partyName: 'Gobierno Regional de Moquegua',
      description: 'Terminar las vías locales de Torata.',
      amount: '5000000.00',
      deadline: '2025-06-30',
      places: ['180106'],
      projects: ['2520366'],
    };
    const made = (await t.post('/api/v1/commitments').send(sent).expect(201)).body;
    expect(made.overdue).toBe(true); // due 2025-06-30, pendiente: late on any day the test runs after it
    const page = await open('/lugar/1801?anio=2024');
    const row = await cells(page, '#compromisos tbody tr');
    const devengado = made.progress.devengado === null ? '—' : nearestSol(made.progress.devengado);
    expect(row).toEqual([
      sent.description,
      `${sent.partyName} — ${sent.forum}`,
      'S/ 5,000,000',
      '2025-06-30',
      'pendiente',
      expect.stringContaining(devengado),
      'Sí',
    ]);
    await page.close();
    await t.delete(`/api/v1/commitments/${made.id}`).expect(200); // archived: out of the lists again
  });
});

describe('the works section', () => {
  it("shows a Moquegua province's flag counts and flagged works as the API gives them, with its coverage and CSV", async () => {
    const api = (await request(t.http).get('/api/v1/analytics/works?province=1801').expect(200)).body;
    const flagged = api.works.filter((w: { flags: string[] }) => w.flags.length > 0);
    expect(flagged.length).toBeGreaterThan(0); // the bundled SSI samples have a flagged work in Mariscal Nieto
    const page = await open('/lugar/1801?anio=2024');
    expect(await page.locator('#obras-alertas tbody tr').count()).toBe(flagged.length);
    expect(spaces(await page.locator('#obras-alertas-title').textContent())).toBe(`Obras con alertas (${flagged.length})`);
    const first = await cells(page, '#obras-alertas tbody tr');
    const w = flagged[0];
    expect(first.slice(0, 6)).toEqual([
      w.cui,
      spaces(w.name),
      nearestSol(w.updatedCost),
      nearestSol(w.devengado),
      pct(w.financialProgressPct),
      pct(w.physicalProgressPct),
    ]);
    // each flag's count and soles
    const counts = page.locator('#obras tbody tr');
    expect(await counts.count()).toBe(5);
    for (const [i, f] of api.flags.entries()) {
      const row = (await counts.nth(i).locator('th, td').allTextContents()).map(spaces);
      expect(row.slice(1)).toEqual([String(f.works), nearestSol(f.devengado)]);
    }
    expect(spaces(await page.locator('#obras-cobertura').textContent())).toContain(
      `${api.coverage.withFollowUp} de los ${api.coverage.projects.toLocaleString('en-US')} proyectos`,
    );
    // the CSV is the audit report's table of flagged works: one row per flagged work under its header
    const href = (await page.locator('#obras-alertas a.csv').getAttribute('href')) as string;
    const text = (await request(t.http).get(href).expect(200)).text.replace(/^\uFEFF/, '');
    const table = parse(text, { columns: true }) as { cui: string }[];
    expect(table.map((r) => r.cui)).toEqual(flagged.map((f: { cui: string }) => f.cui));
    await page.screenshot({ path: 'test-output/lugar-1801-obras.png', fullPage: true });
    await page.close();
  });
});

describe('the peers section', () => {
  it("stands Espinar among the Cusco municipalities of half to double its population: values, the peers' median and its rank", async () => {
    const place = '080801';
    const peers = peersOf(place);
    // 40,781 inhabitants in 2023 (population.csv): peers have 20,391 to 81,562; nine municipalities of Cusco do
    expect([population.get(place)!.total, peers.length]).toEqual([40781, 9]);
    const canon = (u: string) => perHead(espinarCanon.get(u) ?? cuscoCanon.get(u), u);
    const rate = expected(place, peers, rateTenths, tenths);
    const devengado = expected(place, peers, devengadoPerHead, decimal);
    const transferred = expected(place, peers, canon, decimal);
    // every peer has its 2024 totals and transfers in the bundled files: nobody is left out
    expect([rate.leftOut, devengado.leftOut, transferred.leftOut]).toEqual([[], [], []]);

    const page = await open(`/lugar/${place}?anio=2024`);
    expect(spaces(await page.locator('#pares-title').textContent())).toBe('Entre sus pares (2024)');
    expect(spaces(await page.locator('#pares-regla').textContent())).toBe(
      'Pares: las municipalidades de Cusco con entre la mitad y el doble de habitantes que Espinar (40781 en 2023), es decir de 20391 a 81562 habitantes.',
    );
    const standing = page.locator('#pares table').nth(0).locator('tbody tr');
    const row = async (i: number) => (await standing.nth(i).locator('th, td').allTextContents()).map(spaces);
    const sol = (v: string | null) => (v === null ? '—' : nearestSol(v));
    expect(await row(0)).toEqual(['Tasa de ejecución', pct(rate.value), pct(rate.median), `${rate.rank} de ${rate.of}`, '9']);
    expect(await row(1)).toEqual(['Devengado por habitante', sol(devengado.value), sol(devengado.median), `${devengado.rank} de ${devengado.of}`, '9']);
    expect(await row(2)).toEqual([
      'Canon transferido por habitante',
      sol(transferred.value),
      sol(transferred.median),
      `${transferred.rank} de ${transferred.of}`,
      '9',
    ]);
    // the peers, the place first
    const list = page.locator('#pares table').nth(1).locator('tbody tr');
    expect(await list.count()).toBe(10);
    expect(spaces(await list.nth(0).locator('th').textContent())).toBe('Espinar (080801) (este lugar)');
    expect(await list.nth(1).locator('th a').getAttribute('href')).toBe(`/lugar/${peers[0]}?anio=2024`);
    await page.locator('#pares').screenshot({ path: 'test-output/lugar-espinar-pares.png' });
    await page.close();
  });

  it("stands the province of Espinar among Cusco's provinces, each the sum of its municipalities, and links them", async () => {
    const province = '0808';
    const band = areaPeersOf(province);
    // 62,182 inhabitants in 2023 (its eight municipalities, population.csv): peers have 31,091 to 124,364; eight provinces do
    expect([areaPopulation(province), band.length]).toEqual([62182n, 8]);
    const rate = expected(province, band, areaRateTenths, tenths);
    const devengado = expected(province, band, areaDevengadoPerHead, decimal);
    const transferred = expected(
      province,
      band,
      areaCanonPerHead((u) => espinarCanon.get(u) ?? cuscoCanon.get(u)),
      decimal,
    );
    const page = await open(`/lugar/${province}?anio=2024`);
    expect(spaces(await page.locator('#pares-regla').textContent())).toBe(
      'Pares: las provincias de Cusco con entre la mitad y el doble de habitantes que Espinar (62182 en 2023), es decir de 31091 a 124364 habitantes; de cada provincia, las cifras de sus municipalidades sumadas.',
    );
    const standing = page.locator('#pares table').nth(0).locator('tbody tr');
    const row = async (i: number) => (await standing.nth(i).locator('th, td').allTextContents()).map(spaces);
    const sol = (v: string | null) => (v === null ? '—' : nearestSol(v));
    expect(await row(0)).toEqual(['Tasa de ejecución', pct(rate.value), pct(rate.median), `${rate.rank} de ${rate.of}`, '8']);
    expect(await row(1)).toEqual(['Devengado por habitante', sol(devengado.value), sol(devengado.median), `${devengado.rank} de ${devengado.of}`, '8']);
    expect(await row(2)).toEqual([
      'Canon transferido por habitante',
      sol(transferred.value),
      sol(transferred.median),
      `${transferred.rank} de ${transferred.of}`,
      '8',
    ]);
    const list = page.locator('#pares table').nth(1);
    expect(spaces(await list.locator('thead th').first().textContent())).toBe('Provincia');
    expect(await list.locator('tbody tr').count()).toBe(9);
    expect(spaces(await list.locator('tbody tr').nth(0).locator('th').textContent())).toBe('Espinar (0808) (este lugar)');
    expect(await list.locator('tbody tr').nth(1).locator('th a').getAttribute('href')).toBe(`/lugar/${band[0]}?anio=2024`);
    await page.locator('#pares').screenshot({ path: 'test-output/lugar-provincia-espinar-pares.png' });
    await page.close();
  });

  it('stands Cusco among the departments, leaving the departments without canon transfers out of that measure, in words', async () => {
    // the 2015-2025 export (seeded first) also names 160109 Putumayo, the Loreto district that became a province in 2014:
    // the reference has no population for it, so Loreto's is not complete, it cannot be chosen, and the page says so
    const unknown = [...new Set(readConsultaCsv(DEMO.csv2015).map((r) => r.ubigeo))].filter((u) => !municipalities.some((m) => m.ubigeo === u));
    expect(unknown).toEqual(['160109']);
    // 1,389,737 inhabitants in 2023: 694,869 to 2,779,474; thirteen departments by the reference, twelve without Loreto
    const band = areaPeersOf('08').filter((d) => d !== '16');
    expect([areaPeersOf('08').includes('16'), band.length]).toEqual([true, 12]);
    const canon = areaCanonPerHead((u) => espinarCanon.get(u) ?? cuscoCanon.get(u))('08');
    const page = await open('/lugar/08?anio=2024&lang=en');
    expect(spaces(await page.locator('#pares-title').textContent())).toBe('Among its peers (2024)');
    expect(spaces(await page.locator('#pares-regla').textContent())).toMatch(
      /^Peers: the departments with between half and double the inhabitants of Cusco \(1389737 in 2023\)/,
    );
    const canonRow = (await page.locator('#pares table').nth(0).locator('tbody tr').nth(2).locator('th, td').allTextContents()).map(spaces);
    // only Cusco's transfers are bundled: its own value, no median, ranked alone; no department drawn as S/ 0
    expect(canonRow).toEqual(['Canon transferred per inhabitant', nearestSol(decimal(canon)!), '—', '1 of 1', '0']);
    expect(spaces(await page.locator('#pares .note', { hasText: 'population figure' }).textContent())).toBe(
      'One department has no population figure for all of its municipalities: whether it is a peer is unknown (16).',
    );
    expect(spaces(await page.locator('#pares .note', { hasText: 'left out of the canon per inhabitant' }).textContent())).toBe(
      `12 peers without canon transfers (rubro 18) for all of their municipalities in 2024 are left out of the canon per inhabitant: ${band.join(', ')}.`,
    );
    const list = page.locator('#pares table').nth(1).locator('tbody tr');
    expect(await list.count()).toBe(13);
    for (let i = 1; i < 13; i++) expect(spaces(await list.nth(i).locator('td').nth(3).textContent())).toBe('—');
    await page.locator('#pares').screenshot({ path: 'test-output/lugar-cusco-departamento-pares-en.png' });
    await page.close();
  });

  it('speaks English with the switch on a municipality’s page', async () => {
    const page = await open('/lugar/080801?anio=2024&lang=en');
    expect(spaces(await page.locator('#pares-title').textContent())).toBe('Among its peers (2024)');
    expect(spaces(await page.locator('#pares-regla').textContent())).toMatch(/^Peers: the municipalities of Cusco with between half and double/);
    await page.close();
  });
});

describe('coverage and CSV on every figure', () => {
  it('marks the years La Convención has figures for fewer of its municipalities, says how many, and gives them in the CSV', async () => {
    // each year's totals from the latest bundled export that has it (2024-2025 from the 2025-05-18 one, earlier years the 2025-02-13 one)
    const today = municipalities.filter((m) => m.province_code === '0809').length;
    const byYear = new Map<number, Set<string>>();
    const recent = readConsultaCsv(DEMO.csv2024);
    const recentYears = new Set(recent.map((r) => r.year));
    for (const r of [...readConsultaCsv(DEMO.csv2015).filter((r) => !recentYears.has(r.year)), ...recent])
      if (r.ubigeo.startsWith('0809')) byYear.set(r.year, (byYear.get(r.year) ?? new Set()).add(r.ubigeo));
    const partial = [...byYear].filter(([, u]) => u.size < today).map(([y, u]) => [y, u.size] as const);
    // 18 municipalities today; 12 had figures in 2015, 13 in 2016, 14 in 2017-2020 (districts created since, such as Megantoni)
    expect([today, partial]).toEqual([
      18,
      [
        [2015, 12],
        [2016, 13],
        [2017, 14],
        [2018, 14],
        [2019, 14],
        [2020, 14],
      ],
    ]);
    const page = await open('/lugar/0809?anio=2022');
    const note = page.locator('#ejecucion .note');
    expect(spaces(await note.locator('strong').first().textContent())).toBe('Cobertura parcial:');
    expect(spaces(await note.textContent())).toContain('Los años marcados con * tienen cifras de menos municipalidades que las 18 de hoy');
    expect((await note.locator('li').allTextContents()).map(spaces)).toEqual(partial.map(([y, n]) => `${y}: ${n} de 18 municipalidades`));
    for (const [y, n] of partial)
      expect(await rowOf(page, '#ejecucion tbody', `${y}*`)).toEqual([
        `${y}*`,
        expect.any(String),
        expect.any(String),
        expect.any(String),
        expect.any(String),
        String(n),
      ]);
    expect((await rowOf(page, '#ejecucion tbody', '2021'))[5]).toBe('18');
    // the CSV has the same counts beside the raw figures
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#ejecucion a.csv').click()]);
    const table = parse(readFileSync((await download.path()) as string), { columns: true, bom: true }) as Record<string, string>[];
    expect(table.find((r) => r.Año === '2015')?.['Municipalidades con cifras']).toBe('12');
    expect(table.find((r) => r.Año === '2022')?.['Municipalidades con cifras']).toBe('18');
    await page.locator('#ejecucion').screenshot({ path: 'test-output/lugar-la-convencion-por-anio.png' });
    await page.close();
    // Espinar's eight municipalities have figures every year: no mark, no note
    const espinar = await open('/lugar/0808?anio=2022');
    expect(await espinar.locator('#ejecucion .note').count()).toBe(0);
    await espinar.close();
  });

  it("shows how Espinar province's 2025 was revised between the bundled cut-offs, to the sol, and says a year with one cut-off has none", async () => {
    // the eight municipalities' 2025 rows in each bundled export, summed here
    const sum = (file: string, f: 'pim' | 'devengado') =>
      readConsultaCsv(file)
        .filter((r) => r.year === 2025 && r.ubigeo.startsWith('0808'))
        .reduce((a, r) => a + r[f], 0n);
    const [febPim, mayPim] = [sum(DEMO.csv2015, 'pim'), sum(DEMO.csv2024, 'pim')];
    const [febDevengado, mayDevengado] = [sum(DEMO.csv2015, 'devengado'), sum(DEMO.csv2024, 'devengado')];
    const signed = (n: bigint) => (n < 0n ? `-${soles(`${-n}.00`)}` : `+${soles(`${n}.00`)}`);
    const page = await open('/lugar/0808?anio=2025');
    expect(spaces(await page.locator('#revisiones h2').textContent())).toBe('Cómo se revisó 2025 entre fechas de corte');
    const rows = await page.locator('#revisiones tbody tr').count();
    expect(rows).toBe(2);
    const feb = await rowOf(page, '#revisiones tbody', '2025-02-13');
    const may = await rowOf(page, '#revisiones tbody', '2025-05-18 (vigente)');
    expect([feb[1], feb[4], feb[6]]).toEqual([soles(`${febPim}.00`), '—', '8']);
    expect([may[1], may[2], may[4], may[5], may[6]]).toEqual([
      soles(`${mayPim}.00`),
      soles(`${mayDevengado}.00`),
      signed(mayPim - febPim),
      signed(mayDevengado - febDevengado),
      '8',
    ]);
    expect(await page.locator('#revisiones canvas').count()).toBe(1);
    // drawn at its box's size, though its section was built before it was in the page (it was drawn 0 px wide then)
    expect((await page.locator('#revisiones canvas').boundingBox())?.width).toBeGreaterThan(200);
    // the download adds PIA and each cut-off's file
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#revisiones a.csv').click()]);
    const table = parse(readFileSync((await download.path()) as string), { columns: true, bom: true }) as Record<string, string>[];
    expect(table.map((r) => [r['Fecha de corte'], r.PIM, r['Cambio del PIM'], r.Archivo])).toEqual([
      ['2025-02-13', `${febPim}.00`, '', 'consulta_amigable_gasto_municipalidades_2015-2025_snap2025-02-13.csv'],
      ['2025-05-18', `${mayPim}.00`, `${mayPim - febPim}.00`, 'consulta_amigable_gasto_municipalidades_2024-2025_snap2025-05-18.csv'],
    ]);
    await page.waitForTimeout(1500); // the chart's drawing animation, for the screenshot only
    await page.locator('#revisiones').screenshot({ path: 'test-output/lugar-espinar-revisiones.png' });
    await page.close();
    // 2022 is in the February export only: no revision, said in words, with the years that were revised linked
    const y2022 = await open('/lugar/0808?anio=2022');
    expect(spaces(await y2022.locator('#revisiones-una').textContent())).toBe('Una sola fecha de corte para 2022 (2025-02-13): no hay revisiones que mostrar.');
    expect(await y2022.locator('#revisiones canvas').count()).toBe(0);
    expect(await y2022.locator('#revisiones .hint a').allTextContents()).toEqual(['2024', '2025']);
    await y2022.close();
  });

  it('gives every table of a place’s page a CSV download', async () => {
    for (const path of ['/lugar/0808?anio=2024', '/lugar/1801?anio=2024', '/lugar/080801?anio=2024', '/lugar/08?anio=2024']) {
      const page = await open(path);
      // each section, and each part of one, that shows a table offers its CSV
      const without = await page.locator('main section.figure, main .part').evaluateAll((all) =>
        all
          .filter((s) => {
            const el = s as unknown as { querySelector(q: string): unknown; querySelectorAll(q: string): { length: number } };
            return el.querySelector('table') !== null && el.querySelectorAll('a.csv').length === 0;
          })
          .map((s) => (s as unknown as { id: string }).id),
      );
      expect([path, without]).toEqual([path, []]);
      await page.close();
    }
    // the flag counts' CSV: one row per flag with its works and soles, as the API gives them
    const api = (await request(t.http).get('/api/v1/analytics/works?province=1801').expect(200)).body;
    const page = await open('/lugar/1801?anio=2024');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#obras a.csv').click()]);
    const rows = parse(readFileSync((await download.path()) as string), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((r) => Object.values(r))).toEqual(
      api.flags.map((f: { flag: string; works: number; devengado: string }) => [f.flag, String(f.works), f.devengado]),
    );
    await page.close();
  });
});

describe('the new sections in English, and their accessibility', () => {
  it('turns the new headings to English with the language switch', async () => {
    const page = await open('/lugar/1801?anio=2024');
    const headings = async () =>
      Promise.all(
        ['#obras-title', '#obras-alertas-title', '#conflictos-title', '#casos-title', '#compromisos-title'].map(async (id) =>
          spaces(await page.locator(id).textContent()),
        ),
      );
    expect(await headings()).toEqual([
      'Obras',
      expect.stringMatching(/^Obras con alertas/),
      'Conflictos y compromisos',
      'Casos de conflicto minero (Defensoría del Pueblo)',
      'Compromisos de las mesas de diálogo',
    ]);
    await Promise.all([page.waitForURL(/lang=en/), page.getByRole('link', { name: 'Read this page in English' }).click()]);
    await page.locator('#conflictos').waitFor();
    await page.waitForFunction(settled);
    expect(await headings()).toEqual([
      'Works',
      expect.stringMatching(/^Flagged works/),
      'Conflicts and commitments',
      'Mining conflict cases (Defensoría del Pueblo)',
      'Dialogue-table commitments',
    ]);
    await page.close();
    const espinar = await open('/lugar/0808?anio=2024&lang=en');
    expect(spaces(await espinar.locator('#canon-anio h3').textContent())).toBe('Canon in 2024');
    expect(await espinar.locator('#canon-funcion').textContent()).toContain('rubro 18, función level, no PIA');
    await espinar.screenshot({ path: 'test-output/lugar-espinar-2024-en.png', fullPage: true });
    await espinar.close();
  });

  it('has no serious or critical accessibility violation, and fits 360 px', async () => {
    for (const path of ['/lugar/0808?anio=2024', '/lugar/1801?anio=2024&lang=en', '/lugar/080801?anio=2024']) {
      const page = await open(path, 360);
      expect(await axe(page)).toEqual([]);
      expect(await page.evaluate(pageWidth)).toBeLessThanOrEqual(360);
      await page.close();
    }
  });

  it('asked nothing of any host but the service', () => {
    expect(outside).toEqual([]);
  });
});
