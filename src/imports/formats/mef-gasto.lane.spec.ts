import { readFileSync } from 'node:fs';
import { CsvParser, CsvSyntaxError } from '../readers/csv-parser.js';
import { toSheetRow } from '../readers/csv-reader.js';
import type { RowBatch, SheetRow } from '../readers/sheet-row.js';
import { type BudgetLineLoad, openBudgetLines } from '../targets/budget-lines.target.js';
import { cellLimits, type ImportFilters, MAX_TEXT_CELL_CHARS, overlongCells } from './import-format.js';
import { mefGastoFormat } from './mef-gasto.format.js';
import { sourceKeyOf } from './source-key.js';
import type { BudgetRecord } from '../targets/budget-lines.target.js';
import type { Sql } from '../../common/sql.js';

const MUNICIPALITIES = readFileSync('data/reference/municipalities.csv', 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => ({ ubigeo: l.split(',')[0] }));

const HEADER =
  'ANO_EJE,MES_EJE,NIVEL_GOBIERNO,SEC_EJEC,EJECUTORA_NOMBRE,DEPARTAMENTO_EJECUTORA,PROVINCIA_EJECUTORA,DISTRITO_EJECUTORA,TIPO_ACT_PROY,' +
  'PRODUCTO_PROYECTO,PRODUCTO_PROYECTO_NOMBRE,FUNCION,FUNCION_NOMBRE,DIVISION_FUNCIONAL,DIVISION_FUNCIONAL_NOMBRE,GRUPO_FUNCIONAL,' +
  'GRUPO_FUNCIONAL_NOMBRE,FUENTE_FINANCIAMIENTO,FUENTE_FINANCIAMIENTO_NOMBRE,RUBRO,RUBRO_NOMBRE,MONTO_PIA,MONTO_PIM,MONTO_CERTIFICADO,' +
  'MONTO_COMPROMETIDO_ANUAL,MONTO_DEVENGADO,MONTO_GIRADO';

/** A row of the header above, from its parts (defaults: Espinar's canon-funded road project). */
function row(
  p: Partial<
    Record<
      | 'year'
      | 'month'
      | 'level'
      | 'sec'
      | 'executor'
      | 'dep'
      | 'prov'
      | 'dist'
      | 'kind'
      | 'product'
      | 'name'
      | 'fn'
      | 'fnName'
      | 'div'
      | 'grp'
      | 'fuente'
      | 'rubro'
      | 'amounts',
      string
    >
  > = {},
): string {
  const v = {
    year: '2024',
    month: '3',
    level: 'M',
    sec: '300740',
    executor: '"MUNICIPALIDAD PROVINCIAL DE ESPINAR"',
    dep: '08',
    prov: '08',
    dist: '01',
    kind: '2',
    product: '2250000',
    name: '"MEJORAMIENTO DE VIA URBANA"',
    fn: '15',
    fnName: '"TRANSPORTE"',
    div: '033',
    grp: '0066',
    fuente: '5',
    rubro: '18',
    amounts: '1000,1200,600,600,250.5,-10',
    ...p,
  };
  return [
    v.year,
    v.month,
    v.level,
    v.sec,
    v.executor,
    v.dep,
    v.prov,
    v.dist,
    v.kind,
    v.product,
    v.name,
    v.fn,
    v.fnName,
    v.div,
    '"TRANSPORTE TERRESTRE"',
    v.grp,
    '"VIAS URBANAS"',
    v.fuente,
    '"RECURSOS DETERMINADOS"',
    v.rubro,
    '"CANON Y SOBRECANON"',
    v.amounts,
  ].join(',');
}

/** Rows of every kind the lane takes, and of every kind it must leave to the general path. */
const CASES = [
  row(),
  row({ month: '4' }), // the same grain again: a repeat
  row({ dep: '8', prov: '8', dist: '3', product: '2300000', name: '"CANAL DE RIEGO EN LA COMUNIDAD CAMPESINA"' }), // unpadded ubigeo; rural by its name
  row({ fn: '3', div: '6', grp: '8', rubro: '7', fuente: '05', kind: '3', product: '3999999' }), // unpadded classifier codes
  row({ fuente: '00', product: '2250001' }),
  row({ amounts: '0007.10,-0,-0.00,1234567890123456,-1250.5,0' }), // leading zeros, negative zeros, sixteen digits
  row({ name: '"  AÑO DE LA EDUCACIÓN 😀  "', product: '2250002' }), // accents, a character outside the BMP, spaces to trim
  row({ name: '"VÍA\\JR. LIMA\tTRAMO 2"', product: '2250003' }), // backslash and tab, escaped for COPY
  row({ name: '"PISTAS Y VEREDAS\u00A0"', product: '2250004' }), // no-break space trimmed
  row({ name: 'TUBO 12" PVC', product: '2250005' }), // a quote inside an unquoted field is a character
  row({ name: '"TUBO 12"" PVC"', product: '2250006' }), // doubled quote: general path
  row({ name: '"LINEA 1\nLINEA 2"', product: '2250007' }), // a line break inside quotes: general path, and the lines after move down
  row({ name: '"RETORNO\rDE CARRO"', product: '2250008' }),
  row({ level: 'E', dep: '15', prov: '01', dist: '42' }), // another level of government: skipped
  row({ level: 'R' }),
  row({ level: 'm', product: '2250009' }),
  row({ level: 'M - MUNICIPAL', product: '2250010' }), // longer level names: general path, municipal
  row({ level: 'Municipal' }), // not "M" as a word: skipped by the general path
  row({ dep: '99', prov: '99', dist: '99' }), // unknown municipality: an error
  row({ dep: '08', prov: '01', dist: '01', executor: '"MUNICIPALIDAD PROVINCIAL DEL CUSCO"' }), // another province (filtered in one run)
  row({ month: '0', product: '2250011' }),
  row({ month: '07', product: '2250012' }),
  row({ month: '13' }), // error
  row({ month: '', product: '2250013' }), // read as month 0 by the general path
  row({ year: '1998' }), // error
  row({ year: '2024.0', product: '2250014' }), // a spreadsheet's year: general path
  row({ amounts: '"1,234",1200,600,600,250,0', product: '2250015' }), // thousands comma: general path
  row({ amounts: '"S/ 1.234,50",1200,600,600,250,0', product: '2250016' }),
  row({ amounts: '1.234,1200,600,600,250,0' }), // ambiguous: an error
  row({ amounts: ',1200,600,600,250,0' }), // missing: an error
  row({ amounts: '12345678901234567,1200,600,600,250,0' }), // seventeen digits: an error
  row({ amounts: '1.5e3,1200,600,600,250,0' }),
  row({ sec: '0300741', product: '2250017' }), // leading zeros in SEC_EJEC
  row({ sec: '1234567890' }), // ten digits: an error
  row({ product: '0012345', name: '"CUI CON CEROS"' }), // a CUI is kept as written
  row({ product: '1234567890123' }), // thirteen digits: an error
  row({ kind: '23' }), // error
  row({ fn: ' 15', product: '2250018' }), // spaces around a code: general path (trimmed there)
  row({ executor: '"OTRA UNIDAD EJECUTORA"', product: '2250019' }), // the municipality-year keeps the first name
  '',
  ',,,,,,,,,,,,,,,,,,,,,,,,,,',
  'M,300740,too,few,fields',
  `${row({ product: '2250020' })},extra,"fields"`,
  `${row({ product: '2250021' })}\r`, // CRLF
  `${row({ product: '2250022', amounts: '1,2,3,4,5,"6"' })}\r`, // quoted last field before CRLF
  row({ dep: '08', prov: '08', dist: '02', sec: '300741', executor: '"MUNICIPALIDAD DISTRITAL DE ALTO PICHIGUA"', product: '2250023' }),
  row({ name: `"${'N'.repeat(MAX_TEXT_CELL_CHARS + 1)}"`, product: '2250024' }), // a name longer than a name may be: an error
  row({ name: 'N'.repeat(MAX_TEXT_CELL_CHARS), product: '2250025' }), // as long as it may be
];

interface Outcome {
  copy: string;
  read: number;
  skipped: number;
  errors: string[];
  /** Rows the lane left to the general path. */
  left: number[];
  scope: unknown[];
  repeats: number[];
}

const sql: Sql = async <T>(text: string) => (text.startsWith('SELECT ubigeo') ? MUNICIPALITIES : []) as T;

/** stageRows' handling of one row, minus the database: normalised, checked, written with copyLine(). */
function general(
  rows: SheetRow[],
  load: BudgetLineLoad<BudgetRecord>,
  filters: ImportFilters,
  allowed: string[] | undefined,
  out: Outcome,
  header = headerOf(),
): void {
  const limits = cellLimits(mefGastoFormat, header);
  for (const r of rows) {
    if (r.cells.every((c) => c === null)) continue;
    out.read++;
    const overlong = overlongCells(r, header, limits);
    if (overlong) {
      out.errors.push(...overlong.map((e) => `${e.row} ${e.column} ${e.code}`));
      continue;
    }
    const { records, errors, skipped } = mefGastoFormat.normalize(r, header, filters);
    if (skipped) {
      out.skipped++;
      continue;
    }
    out.errors.push(...errors.map((e) => `${e.row} ${e.column} ${e.code}`));
    if (errors.length > 0) continue;
    for (const record of records) {
      if (allowed && !allowed.includes(record.ubigeo)) {
        out.errors.push(`${r.row} MUNICIPALITY_NOT_ALLOWED`);
        continue;
      }
      const problem = load.check!(record);
      if (problem) out.errors.push(`${r.row} ${problem.column} ${problem.code}`);
      else out.copy += `${load.copyLine(record)}\n`;
    }
  }
}

const headerOf = (text = HEADER) => mefGastoFormat.matchHeader(text.split(','), 1)!;
const firstLine = (text: string) => text.slice(0, text.indexOf('\n'));
const outcome = (): Outcome => ({ copy: '', read: 0, skipped: 0, errors: [], left: [], scope: [], repeats: [] });
const finish = (out: Outcome, load: BudgetLineLoad<BudgetRecord>) => ({ ...out, scope: [...load.book.scope.values()], repeats: [...load.book.repeats] });

/** The general path alone: the parser and normalize() for every row. */
async function generalPath(text: string, filters: ImportFilters = {}, allowed?: string[]): Promise<Outcome> {
  const load = await openBudgetLines<BudgetRecord>(sql, 7, { ownPartitionLines: 1 });
  const parser = new CsvParser(',', 1024 * 1024);
  const records: { line: number; cells: string[] }[] = [];
  parser.push(text, records);
  parser.end(records);
  const out = outcome();
  general(records.slice(1).map(toSheetRow), load, filters, allowed, out, headerOf(firstLine(text)));
  return finish(out, load);
}

/** The lane after the header, fed `size` characters at a time, with the general path for the rows it leaves. */
async function lanePath(text: string, size: number, filters: ImportFilters = {}, allowed?: string[]): Promise<Outcome> {
  const load = await openBudgetLines<BudgetRecord>(sql, 7, { ownPartitionLines: 1 });
  const parser = new CsvParser(',', 1024 * 1024);
  const first = parser.parseOne(text, 0)!;
  const lane = mefGastoFormat.csvLane!({
    parser,
    header: headerOf(firstLine(text)),
    filters,
    allowedMunicipalities: allowed,
    load,
    limits: cellLimits(mefGastoFormat, headerOf(firstLine(text))),
  })!;
  const out = outcome();
  const take = (batches: RowBatch[]) => {
    for (const batch of batches) {
      if (Array.isArray(batch)) {
        out.left.push(...batch.map((r) => r.row));
        general(batch, load, filters, allowed, out, headerOf(firstLine(text)));
      } else {
        out.copy += batch.copy.toString('utf8');
        out.read += batch.rowsRead;
        out.skipped += batch.rowsSkipped;
      }
    }
  };
  const drain = (chunk: string | null) => {
    for (let more = true; more; chunk = chunk === null ? null : '') {
      const batches: RowBatch[] = [];
      more = lane.push(chunk, batches);
      take(batches);
    }
  };
  for (let i = first.next; i < text.length; i += size) drain(text.slice(i, i + size));
  drain(null);
  return finish(out, load);
}

describe('MefGastoLane', () => {
  const file = [HEADER, ...CASES].join('\n'); // the last line without its line break

  it.each([1, 2, 3, 7, 61, 4096, file.length])('writes exactly the COPY lines, counts, errors and scope of the general path (chunks of %i)', async (size) => {
    const expected = await generalPath(file);
    const got = await lanePath(file, size);
    expect({ ...got, left: undefined }).toEqual({ ...expected, left: undefined });
    // the lane took the plain rows and left the others, by line of the file: CASES[i] starts on line i + 2,
    // and from CASES[12] on one line further down (CASES[11] spans two)
    expect(got.left).toEqual([12, 13, 19, 20, 21, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 36, 38, 39, 40, 42, 43, 44, 49]);
    expect(got.errors).toContain('49 PRODUCTO_PROYECTO_NOMBRE CELL_TOO_LONG');
  });

  it('is equal to the general path under filters and a restricted key', async () => {
    const same = async (filters: ImportFilters, allowed?: string[]) => {
      const [got, expected] = [await lanePath(file, 97, filters, allowed), await generalPath(file, filters, allowed)];
      expect({ ...got, left: undefined }).toEqual({ ...expected, left: undefined });
      return got;
    };
    // skipped: levels E, R and "Municipal", Cusco (0801) and the unknown 999999, both outside the province
    expect((await same({ province: '0808' })).skipped).toBe(6);
    // Alto Pichigua's row (line 48) is left for the general path to refuse
    expect((await same({ department: '08' }, ['080801', '080803'])).errors).toContain('48 MUNICIPALITY_NOT_ALLOWED');
  });

  it('writes a plain row as worked out by hand', async () => {
    const text = `${HEADER}\n${row({ dep: '8', prov: '8', dist: '3', fn: '3', div: '6', grp: '8', rubro: '7', fuente: '05', amounts: '0007.10,-0,-0.00,12,-1250.5,3' })}\n`;
    const got = await lanePath(text, 5);
    expect(got.left).toEqual([]);
    const fields = got.copy.split('\t');
    // id, import, year, ubigeo padded, kind, CUI, función 2 digits, división 3, grupo 4, rubro 2, name, area (none: no keyword in the name), …
    expect(fields.slice(0, 12)).toEqual(['1', '7', '2024', '080803', '2', '2250000', '03', '006', '0008', '07', 'MEJORAMIENTO DE VIA URBANA', '\\N']);
    // fuente "05" → "5"; amounts canonical; month 3; no monthly arrays; not repeated
    expect(fields.slice(15, 27)).toEqual([
      '5',
      'RECURSOS DETERMINADOS',
      'CANON Y SOBRECANON',
      '7.10',
      '0.00',
      '0.00',
      '12.00',
      '-1250.50',
      '3.00',
      '3',
      '\\N',
      '\\N',
    ]);
    // not repeated; its source line's key: the fuente as written and the seventeen other classifiers, absent from this file
    expect(fields[28]).toBe('f');
    expect(fields[29]).toBe(`${sourceKeyOf(['05', ...Array(17).fill('')])}\n`);
  });

  it('keys each row of one month by its source line (META, GENERICA...) as the general path does, which takes the rows with spaces around them', async () => {
    const header = `${HEADER},META,GENERICA,ESPECIFICA_DET`;
    const rows = [
      `${row()},00012,2.6,2.6.2.2.1`,
      `${row({ month: '4' })},00012,2.6,2.6.2.2.1`, // the same source line a month later
      `${row({ month: '4' })},00013,2.6,2.6.2.2.1`, // another meta: another source line of the same line
      `${row({ month: '5' })}," 00013",2.6,2.6.2.2.1`, // a space inside the quotes: general path (trimmed there)
      `${row({ month: '5' })},00013,"2.6\u00A0",`, // a trailing no-break space, and no ESPECIFICA_DET: general path for the space
    ];
    const text = `${header}\n${rows.join('\n')}\n`;
    for (const size of [1, 13, text.length]) {
      const [got, expected] = [await lanePath(text, size), await generalPath(text)];
      expect({ ...got, left: undefined }).toEqual({ ...expected, left: undefined });
      expect(got.left).toEqual([5, 6]);
    }
    const keys = (await generalPath(text)).copy
      .trim()
      .split('\n')
      .map((l) => l.split('\t')[29]);
    // the first two rows are one source line; the third and fourth another (the space trimmed); the fifth a third
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).toBe(keys[3]);
    expect(new Set(keys).size).toBe(3);
    expect(keys[0]).toBe(String(sourceKeyOf(['5', '', '00012', '', '', '', '', '', '', '', '2.6', '', '', '', '2.6.2.2.1', '', '', ''])));
  });

  it.each([
    [`${HEADER}\n${row()}\n2024,3,M,"NEVER CLOSED,5\n6,7\n`, 'UNCLOSED_QUOTE', 3],
    [`${HEADER}\n${row()}\n${row({ name: '"CLOSED"X' })}\n`, 'TEXT_AFTER_QUOTE', 3],
  ])('refuses a broken record as the parser does (%#)', async (text, code, line) => {
    for (const path of [() => generalPath(text), () => lanePath(text, 11)]) {
      await expect(path()).rejects.toThrow(CsvSyntaxError);
      await expect(path()).rejects.toMatchObject({ code, line });
    }
  });

  it('refuses a record longer than the limit', async () => {
    const load = await openBudgetLines<BudgetRecord>(sql, 7, { ownPartitionLines: 1 });
    const parser = new CsvParser(',', 1000);
    parser.parseOne(`${HEADER}\n`, 0);
    const lane = mefGastoFormat.csvLane!({ parser, header: headerOf(), filters: {}, load, limits: [] })!;
    expect(() => lane.push(`"${'x'.repeat(2000)}`, [])).toThrow(expect.objectContaining({ code: 'RECORD_TOO_LONG' }));
  });
});
