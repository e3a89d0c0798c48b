import { rowSays } from '../../common/domain-error.js';
import { FUNCTIONS, RUBROS } from '../../budget/classifiers.js';
import { normalizeHeader } from './import-format.js';
import { lookup } from '../../common/lookup.js';
import { parseAmount } from '../parsing/amount.js';
import { parseUbigeo, parseYear } from '../parsing/codes.js';
import { LINE_BREAK } from '../parsing/labels.js';
import type { Cell, SheetRow } from '../readers/sheet-row.js';
import { type TemplateRecord, templateTarget } from '../targets/template.target.js';
import { type HeaderMap, type ImportFilters, type ImportFormat, inFilters, mapHeader, type NormalizedRow, rowReader } from './import-format.js';

/** The planner's template columns, in order: the header text is the contract between the workbook and the import. */
export const TEMPLATE_COLUMNS = [
  { key: 'year', header: 'Año', width: 8 },
  { key: 'ubigeo', header: 'Ubigeo', width: 10 },
  { key: 'kind', header: 'Tipo', width: 12 },
  { key: 'code', header: 'Código (CUI o actividad)', width: 16 },
  { key: 'name', header: 'Nombre del proyecto o actividad', width: 60 },
  { key: 'function', header: 'Función', width: 34 },
  { key: 'division', header: 'División funcional', width: 34 },
  { key: 'group', header: 'Grupo funcional', width: 34 },
  { key: 'rubro', header: 'Rubro', width: 40 },
  { key: 'pia', header: 'PIA', width: 14 },
  { key: 'pim', header: 'PIM', width: 14 },
  { key: 'certificacion', header: 'Certificación', width: 14 },
  { key: 'compromisoAnual', header: 'Compromiso anual', width: 14 },
  { key: 'devengado', header: 'Devengado', width: 14 },
  { key: 'girado', header: 'Girado', width: 14 },
  { key: 'area', header: 'Área', width: 10 },
] as const;

export const KINDS: Record<string, number> = { proyecto: 2, actividad: 3 };
export const AREAS: Record<string, 'urban' | 'rural'> = { urbano: 'urban', urbana: 'urban', rural: 'rural' };
/** The cells a planner fills in a prefilled project's row: a row with none of them says nothing yet. */
const LEFT_TO_FILL = ['function', 'division', 'group', 'rubro', 'pia', 'pim', 'certificacion', 'compromisoAnual', 'devengado', 'girado'];
/** A cell in a template row's year column that marks an example, not data. */
export const EXAMPLE_MARK = 'Ejemplo';

/**
 * "033 - TRANSPORTE TERRESTRE" → code 033 and its name; "15" alone → code 15. The text is trimmed
 * first and the pattern reads only the code and the dash (see splitLabel() for why).
 */
function codeAndName(cell: Cell, width: number): { code: string; name: string } | null {
  const text = String(cell ?? '').trim();
  const m = /^(\d{1,4})\s*(-?)\s*/.exec(text);
  if (!m || m[1].length > width) return null;
  const name = text.slice(m[0].length);
  if ((name !== '' && m[2] === '') || LINE_BREAK.test(name)) return null;
  return { code: m[1].padStart(width, '0'), name };
}

/**
 * The workbook from GET /imports/template.xlsx, filled in by a planner: one budget line per row, with
 * its area (urban/rural) when the planner knows it. Rows whose Año says "Ejemplo" are examples and skipped, and so
 * are rows with no classifier and no amount (the projects a prefilled template lists for the planner to fill).
 */
export const templateFormat: ImportFormat<TemplateRecord> = {
  id: 'template',
  title: "The tracker's planner template (GET /api/v1/imports/template.xlsx)",
  expectedColumns: TEMPLATE_COLUMNS.map((c) => c.header).join(', '),
  target: templateTarget,
  textColumns: ['name'],

  uniqueKey: (r) => ({
    key: [r.year, r.ubigeo, r.activityKind, r.productCode, r.functionCode, r.divisionCode, r.groupCode, r.rubroCode].join('/'),
    column: 'code',
  }),

  columns: { required: Object.fromEntries(TEMPLATE_COLUMNS.map((c) => [c.key, [normalizeHeader(c.header)]])) },

  matchHeader(cells: Cell[], row: number): HeaderMap | null {
    return mapHeader(cells, row, this.columns!.required);
  },

  normalize(sheetRow: SheetRow, header: HeaderMap, filters: ImportFilters): NormalizedRow<TemplateRecord> {
    const { row, errors, cell, problem } = rowReader(sheetRow, header);
    const text = (key: string) => String(cell(key) ?? '').trim();
    if (text('year').toLowerCase() === EXAMPLE_MARK.toLowerCase()) return { records: [], errors, skipped: true };
    // a project the template was prefilled with (GET /imports/template.xlsx) that the planner left as it came: nothing to import
    if (LEFT_TO_FILL.every((key) => text(key) === '')) return { records: [], errors, skipped: true };

    const ubigeo = parseUbigeo(cell('ubigeo'));
    if (ubigeo && !inFilters(ubigeo, filters)) return { records: [], errors, skipped: true };
    if (!ubigeo) problem('ubigeo', rowSays('INVALID_UBIGEO', { column: 'Ubigeo' }));

    const year = parseYear(cell('year'));
    if (year === null) problem('year', rowSays('INVALID_YEAR.example', { column: 'Año', example: 2024 }));
    const kind = lookup(KINDS, text('kind').toLowerCase());
    if (!kind) problem('kind', rowSays('INVALID_KIND'));
    const code = text('code').replace(/\.0+$/, '');
    if (!/^\d{1,12}$/.test(code)) problem('code', rowSays('INVALID_CODE'));
    const name = text('name');
    if (!name) problem('name', rowSays('MISSING_VALUE.name'));

    const classifier = (key: string, width: number, label: string) => {
      const parsed = codeAndName(cell(key), width);
      if (!parsed) problem(key, rowSays('INVALID_CODE.labelled', { column: label }));
      return parsed ?? { code: '', name: '' };
    };
    const fn = classifier('function', 2, 'Función');
    if (fn.code && !FUNCTIONS[fn.code]) problem('function', rowSays('INVALID_CODE.function', { code: fn.code }));
    const division = classifier('division', 3, 'División funcional');
    const group = classifier('group', 4, 'Grupo funcional');
    const rubro = classifier('rubro', 2, 'Rubro');
    const rubroInfo = RUBROS[rubro.code];
    if (rubro.code && !rubroInfo) problem('rubro', rowSays('INVALID_CODE.rubro', { code: rubro.code, known: Object.keys(RUBROS).join(', ') }));

    const amount = (key: string): string => {
      if (cell(key) === null) return '0.00'; // an empty amount in the planner's own sheet is nothing budgeted
      const parsed = parseAmount(cell(key));
      if (parsed.ok) return parsed.value;
      problem(key, parsed);
      return '0.00';
    };
    const pia = amount('pia');
    const pim = amount('pim');
    const certificacion = amount('certificacion');
    const compromisoAnual = amount('compromisoAnual');
    const devengado = amount('devengado');
    const girado = amount('girado');

    const areaText = text('area').toLowerCase();
    const area = areaText === '' ? null : lookup(AREAS, areaText);
    if (area === undefined) problem('area', rowSays('INVALID_AREA'));

    if (errors.length > 0) return { records: [], errors };
    return {
      errors,
      records: [
        {
          sourceRow: row,
          year: year!,
          month: null,
          ubigeo: ubigeo!,
          secEjec: 0,
          mefName: '',
          activityKind: kind!,
          productCode: code,
          productName: name,
          functionCode: fn.code,
          functionName: fn.name || FUNCTIONS[fn.code],
          divisionCode: division.code,
          divisionName: division.name,
          groupCode: group.code,
          groupName: group.name,
          fuenteCode: rubroInfo.fuente,
          fuenteName: rubroInfo.fuenteName,
          rubroCode: rubro.code,
          rubroName: rubro.name || rubroInfo.name,
          pia,
          pim,
          certificacion,
          compromisoAnual,
          devengado,
          girado,
          area: area ?? null,
        },
      ],
    };
  },
};
