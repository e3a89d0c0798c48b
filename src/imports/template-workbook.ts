import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { AddWorksheetOptions, Style, stream } from 'exceljs';
import { FUNCTIONS, RUBROS } from '../budget/classifiers.js';
import { abandonWorkbook, ExcelJS, worksheetFlushed } from '../common/exceljs.js';
import { parseAmount } from './parsing/amount.js';
import { EXAMPLE_MARK, TEMPLATE_COLUMNS } from './formats/template.format.js';

/** One row of the data sheet, as its cells will read. */
export interface TemplateRow {
  year: number | string;
  ubigeo: string;
  kind: string;
  code: string;
  name: string;
  function: string;
  division: string;
  group: string;
  rubro: string;
  pia: number | string | null;
  pim: number | string | null;
  certificacion: number | string | null;
  compromisoAnual: number | string | null;
  devengado: number | string | null;
  girado: number | string | null;
  area: string;
}

/** A canonical two-decimal amount (as PostgreSQL's numeric writes it) under 10^9 in absolute value. */
const SMALL_CANONICAL = /^-?(?:0|[1-9]\d{0,8})\.\d\d$/;

/**
 * A decimal string as a spreadsheet cell: a number (so the planner can add them up) when the double
 * holds it exactly, as the import will read it back; otherwise the exact text, never a rounded number.
 */
export function spreadsheetCell(decimal: string): number | string {
  // the common case, without the check: a canonical amount under 10^9 is within 1.2e-7 of its double, which
  // therefore reads back as the same two decimals (the check took ~60 % of a template's rows on the event loop)
  if (SMALL_CANONICAL.test(decimal) && decimal !== '-0.00') return Number(decimal);
  const asDouble = Number(decimal);
  const back = parseAmount(asDouble);
  return back.ok && back.value === decimal ? asDouble : decimal;
}

const EXAMPLES: TemplateRow[] = [
  {
    year: EXAMPLE_MARK,
    ubigeo: '080801',
    kind: 'Proyecto',
    code: '2250000',
    name: 'MEJORAMIENTO DEL ESTADIO MUNICIPAL DE YAURI',
    function: '21 - CULTURA Y DEPORTE',
    division: '045 - DEPORTES',
    group: '0101 - INFRAESTRUCTURA DEPORTIVA Y RECREATIVA',
    rubro: '18 - CANON Y SOBRECANON, REGALIAS, RENTA DE ADUANAS Y PARTICIPACIONES',
    pia: 1000000,
    pim: 2500000,
    certificacion: 1800000,
    compromisoAnual: 1500000,
    devengado: 1200000.5,
    girado: 1100000,
    area: 'urbano',
  },
  {
    year: EXAMPLE_MARK,
    ubigeo: '080803',
    kind: 'Proyecto',
    code: '2300000',
    name: 'INSTALACIÓN DEL CANAL DE RIEGO EN LA COMUNIDAD CAMPESINA DE ÑUÑUMAYO',
    function: '10 - AGROPECUARIA',
    division: '010 - AGRARIO',
    group: '0005 - RIEGO',
    rubro: '18 - CANON Y SOBRECANON, REGALIAS, RENTA DE ADUANAS Y PARTICIPACIONES',
    pia: 0,
    pim: 800000,
    certificacion: 0,
    compromisoAnual: 0,
    devengado: 0,
    girado: 0,
    area: 'rural',
  },
];

const INSTRUCTIONS = [
  'Plantilla del presupuesto de inversión municipal / Municipal investment budget template',
  '',
  '1. Llene la hoja "Datos": una fila por proyecto o actividad, año, municipalidad, función, división, grupo y rubro.',
  '   Fill in the "Datos" sheet: one row per project or activity, year, municipality, function, division, group and rubro.',
  '2. Ubigeo: el código de 6 dígitos de la municipalidad (080801 = Municipalidad Provincial de Espinar). Escríbalo como texto.',
  '3. Tipo: Proyecto (el código es su CUI) o Actividad. Función y Rubro: elija de la lista. División y Grupo: "código - nombre".',
  '4. Montos en soles, con hasta dos decimales. Un monto vacío es cero.',
  '5. Área: urbano, rural o vacío si no se sabe. El área que usted indique prevalece sobre cualquier estimación.',
  `6. Las filas cuyo Año dice "${EXAMPLE_MARK}" son ejemplos y no se importan: bórrelas o déjelas.`,
  '   Una fila sin función, división, grupo, rubro ni montos (un proyecto de Invierte.pe puesto para que lo llene) tampoco se importa.',
  '7. La hoja "Referencia", si la hay, muestra los totales de Consulta Amigable de la municipalidad (y por función, si se importaron): no se importa.',
  '8. Suba el archivo en POST /api/v1/imports. Si alguna fila tiene errores, no se importa nada y la respuesta indica fila y columna.',
  '   Upload it to POST /api/v1/imports. If any row has errors nothing is imported and the answer gives row and column.',
];

/** Rows written between two turns of the event loop (bench:attack: 2,000 at a time held it for up to 0.45 s alone, seconds under load). */
const ROWS_PER_TURN = 100;

/** The styles of the data sheet's cells (never changed: exceljs keeps a style's id by its object). */
const PLAIN_CELL: Partial<Style> = Object.freeze({});
const TEXT_CELL: Partial<Style> = Object.freeze({ numFmt: '@' });

/** The rows the data sheet can hold: its drop-down lists reach this far, and a prefilled template stops here. */
export const TEMPLATE_MAX_ROWS = 50_000;

/**
 * Writes the planner's workbook with exceljs's streaming writer: the data sheet first (it is the one
 * the import reads), with drop-down lists for Tipo, Función, Rubro and Área; then the instructions, the
 * lists and, when there is one, the reference (what is known of the municipality's spending, not imported).
 * `rows` prefill it (a municipality's budget lines or its projects to fill, batch by batch: prefillRows);
 * without them it has examples. Memory stays bounded however many lines there are: each row is committed as it is
 * written, text is written in its cell (shared strings would keep every name until the end), and the
 * next batch is read only once the previous one has gone on towards `out` as fast as `out` is read.
 * The first batch is read before anything is written, so that a failing read is still answered with a
 * problem. When `signal` aborts (the client went away) the writing stops with an AbortError.
 */
export async function writeTemplate(
  out: Writable,
  rows: AsyncIterable<TemplateRow[]> | null,
  reference: TemplateReference | null,
  signal?: AbortSignal,
): Promise<void> {
  const batches = rows?.[Symbol.asyncIterator]();
  let next = await batches?.next();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true });
  try {
    const data = workbook.addWorksheet('Datos', { views: [{ state: 'frozen', ySplit: 1 }], useSharedStrings: false } as Partial<AddWorksheetOptions>);
    data.columns = TEMPLATE_COLUMNS.map((c) => ({ key: c.key, header: c.header, width: c.width }));
    data.getRow(1).font = { bold: true };
    // The streaming writer supports validations; its type declarations do not say so.
    const validations = (data as unknown as { dataValidations: { add(range: string, rule: object): void } }).dataValidations;
    const list = (column: string, formula: string) =>
      validations.add(`${column}2:${column}${TEMPLATE_MAX_ROWS}`, { type: 'list', allowBlank: true, formulae: [formula], showErrorMessage: true });
    list('C', '"Proyecto,Actividad"');
    list('F', `Listas!$A$2:$A$${Object.keys(FUNCTIONS).length + 1}`);
    list('I', `Listas!$B$2:$B$${Object.keys(RUBROS).length + 1}`);
    list('P', '"urbano,rural"');
    const add = (row: TemplateRow) => {
      const added = data.addRow(row);
      // one style object for all cells of a kind: exceljs works out a cell's style id once per style object
      // (its own object per cell made that ~40 % of the writing: 40,000 rows 1.9 → 1.0-1.1 s of the event loop)
      added.eachCell({ includeEmpty: true }, (cell) => {
        cell.style = PLAIN_CELL;
      });
      added.getCell('ubigeo').style = TEXT_CELL;
      added.getCell('code').style = TEXT_CELL;
      added.commit();
    };
    if (!batches) EXAMPLES.forEach(add);
    for (; next && !next.done; next = await batches!.next()) {
      const batch = next.value;
      for (let i = 0; i < batch.length; i++) {
        add(batch[i]);
        // exceljs writes a row in ~0.1 ms of synchronous work: other requests get the event loop every ROWS_PER_TURN rows
        if (i % ROWS_PER_TURN === ROWS_PER_TURN - 1) await new Promise((resolve) => setImmediate(resolve));
      }
      await outputTaken(out, data, signal);
    }
    data.commit();

    const help = workbook.addWorksheet('Instrucciones');
    help.getColumn(1).width = 120;
    for (const line of INSTRUCTIONS) help.addRow([line]).commit();
    help.commit();

    const lists = workbook.addWorksheet('Listas');
    lists.addRow(['Función', 'Rubro']).commit();
    const functions = Object.entries(FUNCTIONS).map(([code, name]) => `${code} - ${name}`);
    const rubros = Object.entries(RUBROS).map(([code, r]) => `${code} - ${r.name}`);
    for (let i = 0; i < Math.max(functions.length, rubros.length); i++) lists.addRow([functions[i] ?? null, rubros[i] ?? null]).commit();
    lists.commit();
    writeReference(workbook, reference);
    await workbook.commit();
  } catch (err) {
    abandonWorkbook(workbook);
    await batches?.return?.();
    throw err;
  }
}

/** Waits until what the sheet has written so far has been taken on towards `out`, and `out` is not backed up. */
async function outputTaken(out: Writable, sheet: object, signal?: AbortSignal): Promise<void> {
  await worksheetFlushed(sheet, signal);
  while (out.writableNeedDrain) await once(out, 'drain', { signal });
}

/** A current budget line of a municipality as the template export reads it (ImportsRepository.templateRows). */
export interface TemplateLineRow {
  year: number;
  ubigeo: string;
  activity_kind: number;
  product_code: string;
  product_name: string;
  function_code: string;
  function_name: string;
  division_code: string;
  division_name: string;
  group_code: string;
  group_name: string;
  rubro_code: string;
  rubro_name: string;
  pia: string;
  pim: string;
  certificacion: string;
  compromiso_anual: string;
  devengado: string;
  girado: string;
  area: string | null;
  area_source: string | null;
}

/** A budget line as the template writes it: codes with their names, amounts as numbers, area in Spanish. */
export function toTemplateRow(l: TemplateLineRow): TemplateRow {
  const label = (code: string, name: string) => (name ? `${code} - ${name}` : code);
  return {
    year: l.year,
    ubigeo: l.ubigeo,
    kind: l.activity_kind === 2 ? 'Proyecto' : 'Actividad',
    code: l.product_code,
    name: l.product_name,
    function: label(l.function_code, l.function_name),
    division: label(l.division_code, l.division_name),
    group: label(l.group_code, l.group_name),
    rubro: label(l.rubro_code, l.rubro_name),
    pia: spreadsheetCell(l.pia),
    pim: spreadsheetCell(l.pim),
    certificacion: spreadsheetCell(l.certificacion),
    compromisoAnual: spreadsheetCell(l.compromiso_anual),
    devengado: spreadsheetCell(l.devengado),
    girado: spreadsheetCell(l.girado),
    area: l.area === 'urban' ? 'urbano' : l.area === 'rural' ? 'rural' : '',
  };
}

/** A municipality-year's Consulta Amigable totals (execution_current). */
export interface ReferenceTotalsRow {
  year: number;
  snapshot_date: string;
  pia: string;
  pim: string;
  certificacion: string;
  compromiso_anual: string;
  devengado: string;
  girado: string;
}

/** A municipality-year's PIM and devengado of one función and rubro (the current budget-by-función import). */
export interface ReferenceFunctionRow {
  year: number;
  snapshot_date: string;
  function_code: string;
  function_name: string;
  rubro_code: string;
  pim: string;
  devengado: string;
}

/** What the tracker knows of a municipality's spending besides its budget lines: shown beside the data sheet, never imported. */
export interface TemplateReference {
  totals: ReferenceTotalsRow[];
  byFunction: ReferenceFunctionRow[];
}

const MONEY = '#,##0.00';

/**
 * The "Referencia" sheet: the municipality's Consulta Amigable totals by year and, when imported, its PIM
 * and devengado by función. Written only when there is something to show; a few hundred rows at most.
 */
function writeReference(workbook: stream.xlsx.WorkbookWriter, reference: TemplateReference | null): void {
  if (!reference || (reference.totals.length === 0 && reference.byFunction.length === 0)) return;
  const sheet = workbook.addWorksheet('Referencia');
  sheet.columns = [10, 14, 40, 40, 16, 16, 16, 16].map((width) => ({ width }));
  const title = (text: string) => {
    const row = sheet.addRow([text]);
    row.font = { bold: true };
    row.commit();
  };
  const header = (cells: string[]) => {
    const row = sheet.addRow(cells);
    row.font = { bold: true };
    row.commit();
  };
  const amounts = (cells: (string | number)[], from: number) => {
    const row = sheet.addRow(cells);
    for (let i = from; i <= cells.length; i++) row.getCell(i).numFmt = MONEY;
    row.commit();
  };
  title('Referencia: lo que el tracker ya sabe de esta municipalidad. Esta hoja no se importa. / Reference only: this sheet is not imported.');
  if (reference.totals.length > 0) {
    sheet.addRow([]).commit();
    title('Totales de Consulta Amigable (toda la municipalidad, todas las fuentes)');
    header(['Año', 'Fecha de corte', 'PIA', 'PIM', 'Certificación', 'Compromiso anual', 'Devengado', 'Girado']);
    for (const r of reference.totals) {
      const figures = [r.pia, r.pim, r.certificacion, r.compromiso_anual, r.devengado, r.girado].map(spreadsheetCell);
      amounts([r.year, r.snapshot_date, ...figures], 3);
    }
  }
  if (reference.byFunction.length > 0) {
    sheet.addRow([]).commit();
    title('PIM y devengado por función (gasto por función)');
    header(['Año', 'Fecha de corte', 'Función', 'Rubro', 'PIM', 'Devengado']);
    for (const r of reference.byFunction) {
      amounts(
        [
          r.year,
          r.snapshot_date,
          `${r.function_code} - ${r.function_name}`,
          RUBROS[r.rubro_code] ? `${r.rubro_code} - ${RUBROS[r.rubro_code].name}` : r.rubro_code,
          spreadsheetCell(r.pim),
          spreadsheetCell(r.devengado),
        ],
        5,
      );
    }
  }
  sheet.commit();
}
