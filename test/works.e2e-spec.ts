import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app.js';

// the real SSI files, bundled with their cut-off in the name (data/PROVENANCE.md)
const F12B = 'data/demo/ssi_seguimiento_f12b_muestra_282_snap2026-04-07.csv';
const DETAIL = 'data/demo/ssi_detalle_inversiones_muestra_500_snap2026-04-07.csv';
const DATE = '2026-04-07';

type Row = Record<string, string>;
const read = (path: string): Row[] => parse(readFileSync(path), { columns: true, bom: true });
const f12b = read(F12B);
const detail = read(DETAIL);
const byCui = (rows: Row[]) => new Map(rows.map((r) => [r.CODIGO_UNICO, r]));
const [f12bOf, detailOf] = [byCui(f12b), byCui(detail)];

/** dd/mm/yyyy[ hh:mm:ss] or dd/mm/yy → yyyy-mm-dd, written out again here rather than taken from the service. */
const day = (text: string): string | null => {
  if (text === '') return null;
  const [d, m, y] = text.split(' ')[0].split('/');
  return `${y.length === 2 ? `20${y}` : y}-${m}-${d}`;
};
/** "2592830.0" → "2592830.00", "430603.3" → "430603.30". */
const money = (text: string): string => {
  const [int, frac = ''] = text.split('.');
  return `${int}.${frac.padEnd(2, '0').slice(0, 2)}`;
};

interface Work {
  cui: string;
  flags: string[];
  locatedBy: string;
  municipalities: string[];
  physicalProgressPct: number | null;
  physicalProgressSource: string | null;
  gapPoints: number | null;
  financialProgressPct: number | null;
  updatedCost: string | null;
  devengado: string | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  lastSituation: string | null;
  disagreements: { field: string; f12b: string | null; detail: string | null }[];
}

/** A hand-made 12-B file of the rows given, with the columns the layout requires and the dates. */
const handMade12b = (rows: string[][]): Buffer =>
  Buffer.from(
    ['CODIGO_UNICO,FECHA_ULT_ACT_F12B,FEC_INI_EJ,FEC_FIN_EJ,PORC_AVANCE_FIS,PORC_AVANCE_EJEC,IND_PARALIZADA', ...rows.map((r) => r.join(','))].join('\n'),
  );

describe('works on the ground (MEF SSI follow-ups)', () => {
  let t: TestApp;
  const works = async (
    query: string,
  ): Promise<{ body: { works: Work[]; flags: { flag: string; works: number; devengado: string }[]; coverage: Record<string, number> } }> =>
    request(t.http).get(`/api/v1/analytics/works?${query}`).expect(200);
  const workOf = async (cui: string, query = `date=${DATE}`): Promise<Work | undefined> => (await works(query)).body.works.find((w) => w.cui === cui);
  const followUps = async (): Promise<number> => (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM work_follow_up'))[0].n;
  let detailWarnings: string[] = [];
  let detailImport = 0;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('imports the detail and the 12-B, whose quoted fields span lines, one row per CUI and source', async () => {
    const d = await t.post('/api/v1/imports').attach('file', DETAIL).expect(201);
    expect(d.body).toMatchObject({ format: 'ssi-detail', snapshotDate: DATE, rowsRead: detail.length, inserted: detail.length, revised: 0 });
    detailWarnings = d.body.warnings;
    detailImport = d.body.id;
    // a few viable amounts carry a third decimal: held rounded to the céntimo, each named in a warning
    const thirdDecimal = detail.filter((r) => /\.\d{3}$/.test(r.MTO_VIABLE));
    expect(thirdDecimal.length).toBeGreaterThan(0);
    expect(detailWarnings[0]).toContain(`${thirdDecimal.length} monto(s) tienen más de dos decimales en la fuente y se guardan redondeados al céntimo`);
    expect(detailWarnings[0]).toContain(`MTO_VIABLE ${thirdDecimal[0].MTO_VIABLE} → `);
    // the 12-B has more physical lines than records: its situations and problems are quoted across lines
    const lines = readFileSync(F12B, 'utf8').trimEnd().split('\n').length;
    expect(lines).toBeGreaterThan(f12b.length + 1);
    const f = await t.post('/api/v1/imports').attach('file', F12B).expect(201);
    expect(f.body).toMatchObject({ format: 'ssi-f12b', rowsRead: f12b.length, inserted: f12b.length, revised: 0, unchanged: 0 });
    expect(await followUps()).toBe(f12b.length + detail.length);

    const multiLine = f12b.find((r) => r.ULT_ESTADO_SITUACIONAL.includes('\n'))!;
    const w = await workOf(multiLine.CODIGO_UNICO);
    expect(w!.lastSituation).toBe(multiLine.ULT_ESTADO_SITUACIONAL);
    const all = new Set([...f12bOf.keys(), ...detailOf.keys()]);
    expect((await works(`date=${DATE}`)).body.works).toHaveLength(all.size);
  });

  it('reads both date layouts, amounts written 123.0, and AVAN_FISICO −1 as not reported', async () => {
    // a CUI in both files: planned dates dd/mm/yyyy hh:mm:ss in the 12-B, dd/mm/yy in the detail
    const both = f12b.find(
      (r) =>
        r.FEC_INI_EJ !== '' && detailOf.get(r.CODIGO_UNICO)!.FEC_INI_EJ.length === 8 && day(r.FEC_INI_EJ) !== day(detailOf.get(r.CODIGO_UNICO)!.FEC_INI_EJ),
    )!;
    const w = (await workOf(both.CODIGO_UNICO))!;
    expect(w.plannedStart).toBe(day(both.FEC_INI_EJ)); // the 12-B is the authority for planned dates
    expect(w.disagreements).toContainEqual({ field: 'plannedStart', f12b: day(both.FEC_INI_EJ), detail: day(detailOf.get(both.CODIGO_UNICO)!.FEC_INI_EJ) });

    const tenths = detail.find((r) => /\.\d$/.test(r.COSTO_ACTUALIZADO) && /\.\d$/.test(r.DEV_ACUMULADO) && r.DEV_ACUMULADO !== '0.0')!;
    const c = (await workOf(tenths.CODIGO_UNICO))!;
    expect([c.updatedCost, c.devengado]).toEqual([money(tenths.COSTO_ACTUALIZADO), money(tenths.DEV_ACUMULADO)]);

    const onlyDetail = detail.find((r) => r.AVAN_FISICO === '-1' && !f12bOf.has(r.CODIGO_UNICO))!;
    expect(await workOf(onlyDetail.CODIGO_UNICO)).toMatchObject({ physicalProgressPct: null, physicalProgressSource: null });
    // in both files, 0.0 in the 12-B and −1 in the detail: a blank 12-B, not reported (no work is called unbuilt on it), and the disagreement shown
    const zero = f12b.find((r) => r.PORC_AVANCE_FIS === '0.0' && detailOf.get(r.CODIGO_UNICO)!.AVAN_FISICO === '-1')!;
    const z = (await workOf(zero.CODIGO_UNICO))!;
    expect([z.physicalProgressPct, z.physicalProgressSource, z.gapPoints]).toEqual([null, null, null]);
    expect(z.flags).not.toContain('paid_not_built');
    expect(z.disagreements).toContainEqual({ field: 'physicalProgressPct', f12b: '0.00', detail: null });
  });

  it('keeps both files’ figures where they disagree on a CUI, each with its source', async () => {
    const [a, b] = [f12bOf.get('2458392')!, detailOf.get('2458392')!];
    expect(a.COSTO_ACTUALIZADO).not.toBe(b.COSTO_ACTUALIZADO);
    const w = (await workOf('2458392'))!;
    expect(w.disagreements).toEqual(
      expect.arrayContaining([
        { field: 'updatedCost', f12b: money(a.COSTO_ACTUALIZADO), detail: money(b.COSTO_ACTUALIZADO) },
        { field: 'plannedEnd', f12b: day(a.FEC_FIN_EJ), detail: day(b.FEC_FIN_EJ) },
      ]),
    );
    const stored = await t.sql<{ source: string; updated_cost: string }>(
      `SELECT source, updated_cost FROM work_follow_up WHERE cui = '2458392' ORDER BY source`,
    );
    expect(stored).toEqual([
      { source: 'detail', updated_cost: money(b.COSTO_ACTUALIZADO) },
      { source: 'f12b', updated_cost: money(a.COSTO_ACTUALIZADO) },
    ]);
  });

  it('places a work by its owning entity only when the name designates one municipality, and warns of the others', async () => {
    const municipalities = read('data/reference/municipalities.csv');
    const districtsNamed = (name: string) =>
      municipalities.filter(
        (m) =>
          m.kind === 'district' &&
          m.name
            .normalize('NFD')
            .replace(/[\u0300-\u036f]/g, '')
            .toUpperCase() === name,
      );
    const cairani = districtsNamed('CAIRANI');
    expect(cairani).toHaveLength(1);
    const inCairani = detail.find((r) => r.ENTIDAD === 'MUNICIPALIDAD DISTRITAL DE CAIRANI')!;
    expect(await workOf(inCairani.CODIGO_UNICO)).toMatchObject({ locatedBy: 'entity', municipalities: [cairani[0].ubigeo] });
    expect((await works(`municipality=${cairani[0].ubigeo}&date=${DATE}`)).body.works.map((w) => w.cui)).toContain(inCairani.CODIGO_UNICO);
    // a planner of Cairani imports its work's follow-up; a row of a work placed nowhere (San José's namesakes) is not its to write
    const planner = (
      await t
        .post('/api/v1/keys')
        .send({ name: 'Cairani', role: 'planner', municipalities: [cairani[0].ubigeo] })
        .expect(201)
    ).body.key;
    const detailHeader = readFileSync(DETAIL, 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)[0];
    const detailFile = (...rows: Row[]) =>
      Buffer.from(
        [
          detailHeader,
          ...rows.map((r) =>
            detailHeader
              .split(',')
              .map((h) => `"${(r[h] ?? '').replaceAll('"', '""')}"`)
              .join(','),
          ),
        ].join('\n'),
      );
    const sanJoseRow = detail.find((r) => r.ENTIDAD === 'MUNICIPALIDAD DISTRITAL DE SAN JOSE')!;
    const before = await followUps();
    const refused = await request(t.http)
      .post('/api/v1/imports')
      .set('X-API-Key', planner)
      .field('onError', 'skip')
      .field('snapshotDate', '2026-05-01')
      .attach('file', detailFile(inCairani, sanJoseRow), 'detalle.csv')
      .expect(422);
    expect(refused.body.errors.map((e: { row: number; column: string; code: string; value: string }) => [e.row, e.column, e.code, e.value])).toEqual([
      // rows are the lines where records start: the header's, Cairani's (and the lines its quoted fields span), San José's
      [3 + (Object.values(inCairani).join('').match(/\n/g) ?? []).length, 'CODIGO_UNICO', 'PROJECT_NOT_ALLOWED', sanJoseRow.CODIGO_UNICO],
    ]);
    expect(await followUps()).toBe(before);
    const own = await request(t.http)
      .post('/api/v1/imports')
      .set('X-API-Key', planner)
      .field('snapshotDate', '2026-05-01')
      .attach('file', detailFile(inCairani), 'detalle.csv')
      .expect(201);
    expect(own.body).toMatchObject({ format: 'ssi-detail', rowsRead: 1 });
    // its 12-B row, which names no owner, is Cairani's too: the owner on record places it
    const ownF12b = handMade12b([[inCairani.CODIGO_UNICO, '2026-04-30 05:00:00', '01/01/2025 00:00:00', '31/12/2026 00:00:00', '40.0', '35.0', 'NO']]);
    await request(t.http).post('/api/v1/imports').set('X-API-Key', planner).field('snapshotDate', '2026-05-01').attach('file', ownF12b, 'f12b.csv').expect(201);
    // a planner of Ilabaya (Tacna) may not move Cairani's work by naming its own municipality as the owner, nor write its 12-B row
    const [ilabaya] = districtsNamed('ILABAYA');
    const other = (
      await t
        .post('/api/v1/keys')
        .send({ name: 'Ilabaya', role: 'planner', municipalities: [ilabaya.ubigeo] })
        .expect(201)
    ).body.key;
    const forged = { ...inCairani, ENTIDAD: 'MUNICIPALIDAD DISTRITAL DE ILABAYA' };
    const beforeForged = await followUps();
    const theirF12b = handMade12b([[inCairani.CODIGO_UNICO, '2026-05-01 05:00:00', '01/01/2025 00:00:00', '31/12/2026 00:00:00', '0.0', '0.0', 'SI']]);
    for (const file of [detailFile(forged), theirF12b]) {
      const res = await request(t.http)
        .post('/api/v1/imports')
        .set('X-API-Key', other)
        .field('snapshotDate', '2026-05-02')
        .attach('file', file, 'ssi.csv')
        .expect(422);
      expect(res.body.errors.map((e: { code: string; value: string }) => [e.code, e.value])).toEqual([['PROJECT_NOT_ALLOWED', inCairani.CODIGO_UNICO]]);
    }
    expect(await followUps()).toBe(beforeForged);
    expect((await works(`municipality=${cairani[0].ubigeo}&date=2026-05-01`)).body.works.map((w) => w.cui)).toContain(inCairani.CODIGO_UNICO);
    // the import that wrote its follow-up is in Cairani's audit trail (an SSI import listed no municipality)
    const trail = await request(t.http).get(`/api/v1/audit?type=import&municipality=${cairani[0].ubigeo}`).set('X-API-Key', t.adminKey).expect(200);
    expect(trail.body.items.map((e: { subject: string }) => e.subject)).toContain(String(detailImport));

    const sanJose = detail.find((r) => r.ENTIDAD === 'MUNICIPALIDAD DISTRITAL DE SAN JOSE')!;
    const namesakes = districtsNamed('SAN JOSE').length;
    expect(namesakes).toBeGreaterThan(1);
    expect(await workOf(sanJose.CODIGO_UNICO)).toMatchObject({ locatedBy: 'unknown', municipalities: [] });
    expect(detailWarnings.join(' ')).toContain(
      `${sanJose.CODIGO_UNICO} (MUNICIPALIDAD DISTRITAL DE SAN JOSE: nombra ${namesakes} municipalidades distritales)`,
    );
  });

  it('flags a work past its end at 0 % built, not one 99 % paid and 100 % built', async () => {
    const res = await t
      .post('/api/v1/imports')
      .field('snapshotDate', '2026-10-31')
      .attach(
        'file',
        handMade12b([
          ['9000001', '2026-03-01 05:00:00', '01/01/2025 00:00:00', '31/12/2025 00:00:00', '100.0', '99.0', 'NO'],
          ['9000002', '2026-03-01 05:00:00', '01/01/2025 00:00:00', '31/01/2026 00:00:00', '0.0', '0.0', 'NO'],
        ]),
        'f12b-hecho-a-mano.csv',
      )
      .expect(201);
    expect(res.body).toMatchObject({ format: 'ssi-f12b', inserted: 2 });
    expect(res.body.warnings.join(' ')).toContain('9000001 (sin entidad dueña en este archivo)');
    expect((await workOf('9000001'))!.flags).toEqual([]);
    expect((await workOf('9000002'))!.flags).toEqual(['overdue']);
    // the audit report's sheet lists the flagged one
    const csv = await request(t.http).get(`/api/v1/reports/audit.csv?table=works&snapshot=${DATE}`).expect(200);
    const rows: Row[] = parse(csv.text, { columns: true, bom: true });
    expect(rows.find((r) => r.cui === '9000002')).toMatchObject({ flags: 'overdue', planned_end: '2026-01-31' });
    expect(rows.find((r) => r.cui === '9000001')).toBeUndefined();
  });

  it('counts works and soles under each flag', async () => {
    const { body } = await works(`date=${DATE}`);
    for (const f of body.flags) {
      const flagged = body.works.filter((w) => w.flags.includes(f.flag));
      const cents = flagged.reduce((s, w) => s + BigInt((w.devengado ?? '0.00').replace('.', '')), 0n);
      expect([f.flag, f.works, f.devengado]).toEqual([f.flag, flagged.length, `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`]);
    }
    // the stalled works are those the 12-B marks IND_PARALIZADA = SI
    expect(body.flags.find((f) => f.flag === 'stalled')!.works).toBe(f12b.filter((r) => r.IND_PARALIZADA === 'SI').length);
  });

  it('changes nothing when the same follow-up comes again, as the same file or the same content', async () => {
    const before = await followUps();
    const same = await t.post('/api/v1/imports').attach('file', F12B).expect(200);
    expect(same.body.duplicate).toBe(true);
    // other bytes (a blank line at the end), same content: a new import that adds no history row
    const padded = Buffer.concat([readFileSync(F12B), Buffer.from('\n\n')]);
    const again = await t.post('/api/v1/imports').field('snapshotDate', '2026-10-31').attach('file', padded, 'f12b-otra-vez.csv').expect(201);
    expect(again.body).toMatchObject({ inserted: 0, revised: 0, unchanged: f12b.length });
    expect(await followUps()).toBe(before);
  });

  it('keeps an earlier follow-up as history when a later one supersedes it', async () => {
    const cui = '9000002';
    await t
      .post('/api/v1/imports')
      .field('snapshotDate', '2026-10-31')
      .attach('file', handMade12b([[cui, '2026-04-01 05:00:00', '01/01/2025 00:00:00', '31/01/2026 00:00:00', '100.0', '100.0', 'NO']]), 'f12b-abril.csv')
      .expect(201);
    expect(await workOf(cui)).toMatchObject({ physicalProgressPct: 100, flags: [] });
    expect(await workOf(cui, 'date=2026-03-15')).toMatchObject({ physicalProgressPct: 0, flags: ['overdue'] });
    expect((await t.sql(`SELECT as_of::text FROM work_follow_up WHERE cui = $1 ORDER BY as_of`, [cui])).map((r) => r.as_of)).toEqual([
      '2026-03-01',
      '2026-04-01',
    ]);
  });

  it('refuses bad rows with their row and column, and keeps nothing of the file', async () => {
    const before = await followUps();
    const res = await t
      .post('/api/v1/imports')
      .field('snapshotDate', '2026-10-31')
      .attach(
        'file',
        handMade12b([
          ['9000003', '2026-03-01 05:00:00', '31/02/2025 00:00:00', '31/12/2025 00:00:00', '150.0', '10.0', 'NO'],
          ['CUI?', '2026-03-01 05:00:00', '', '', '10.0', '10.0', 'QUIZAS'],
        ]),
        'f12b-malo.csv',
      )
      .expect(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('IMPORT_REJECTED');
    expect(res.body.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code]).sort()).toEqual([
      [2, 'FEC_INI_EJ', 'INVALID_DATE'],
      [2, 'PORC_AVANCE_FIS', 'INVALID_PERCENT'],
      [3, 'CODIGO_UNICO', 'INVALID_CODE'],
      [3, 'IND_PARALIZADA', 'INVALID_VALUE'],
    ]);
    expect(await followUps()).toBe(before);
  });

  it('loads the Moquegua registry with its mis-encoded names kept as the source wrote them, and warns of them', async () => {
    const MOQUEGUA = 'data/demo/invierte_banco_inversiones_moquegua_5221rows_snap2024-09-12.csv';
    const rows = read(MOQUEGUA);
    const known = new Set(read('data/reference/municipalities.csv').map((m) => m.ubigeo));
    // refused by the registry layout, and left out with onError=skip: rows without a CUI (old SNIP projects), a CUI and
    // district repeated, and places that are no district ("180000", "- TODOS -": the whole department or province)
    const seen = new Set<string>();
    const kept = rows.filter((r) => {
      const key = `${r['Código único de inversión']}/${r.Ubigeo}`;
      const first = /^\d+$/.test(r['Código único de inversión']) && !seen.has(key);
      seen.add(key);
      return first && known.has(r.Ubigeo);
    });
    const cuis = new Set(kept.map((r) => r['Código único de inversión']));
    const thirdDecimal = kept.filter((r) => /\.\d{3}$/.test(r['Monto viable'])).length; // held rounded to the céntimo, and warned
    const res = await t.post('/api/v1/imports').field('onError', 'skip').attach('file', MOQUEGUA).expect(201);
    expect(res.body).toMatchObject({
      format: 'invierte',
      snapshotDate: '2024-09-12',
      rowsRead: rows.length,
      rowsRejected: rows.length - kept.length,
      inserted: cuis.size,
    });

    const ichuna = kept.filter((r) => r.Distrito === 'ICHU?A').length;
    expect(ichuna).toBeGreaterThan(0);
    const warning = res.body.warnings.join(' ');
    expect(warning).toContain(`${thirdDecimal} monto(s) tienen más de dos decimales en la fuente`);
    expect(warning).toMatch(/nombre\(s\) parecen mal codificados en la fuente/);
    expect(warning).toContain(`Distrito "ICHU?A" (${ichuna} filas)`);
    const garbled = kept.find((r) => /Ã|Â/.test(r['Nombre de la inversión']))!;
    const cui = garbled['Código único de inversión'];
    expect(kept.find((r) => r['Código único de inversión'] === cui)).toBe(garbled); // the project keeps its first row
    expect(warning).toContain(`Nombre de la inversión "${garbled['Nombre de la inversión'].slice(0, 60)}…" (1 fila)`);
    expect((await request(t.http).get(`/api/v1/projects/${cui}`).expect(200)).body.name).toBe(garbled['Nombre de la inversión']);

    // the SSI works the registry knows are placed by it, and count as followed-up projects of the department
    const followed = [...cuis].filter((c) => f12bOf.has(c) || detailOf.has(c));
    expect(followed.length).toBeGreaterThan(0);
    const { body } = await works(`department=18&date=${DATE}`);
    for (const c of followed) expect(body.works.find((w) => w.cui === c)).toMatchObject({ locatedBy: 'registry' });
    expect(body.coverage).toMatchObject({ projects: cuis.size, withFollowUp: followed.length });
  });
});
