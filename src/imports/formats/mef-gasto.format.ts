import { rowSays } from '../../common/domain-error.js';
import { fromCents, toCents } from '../../common/decimal.js';
import { parseAmount } from '../parsing/amount.js';
import { MIN_BUDGET_YEAR, parseYear } from '../parsing/codes.js';
import type { Cell, SheetRow } from '../readers/sheet-row.js';
import { type BudgetLineLoad, type BudgetRecord, budgetLinesTarget } from '../targets/budget-lines.target.js';
import { MefGastoLane } from './mef-gasto.lane.js';
import { SOURCE_KEY_COLUMNS, sourceKeyOfTexts } from './source-key.js';
import {
  type HeaderMap,
  type ImportFilters,
  type ImportFormat,
  inFilters,
  mapHeader,
  normalizeHeader,
  type NormalizedRow,
  rowReader,
} from './import-format.js';

/** Columns every layout has; older files use other names for the same thing (second and later names). */
const COMMON: Record<string, string[]> = {
  level: ['nivel_gobierno', 'tipo_gobierno'],
  secEjec: ['sec_ejec'],
  department: ['departamento_ejecutora'],
  province: ['provincia_ejecutora'],
  district: ['distrito_ejecutora'],
  activityKind: ['tipo_act_proy'],
  product: ['producto_proyecto', 'act_proy'],
  productName: ['producto_proyecto_nombre', 'act_proy_nombre'],
  function: ['funcion'],
  functionName: ['funcion_nombre'],
  division: ['division_funcional'],
  divisionName: ['division_funcional_nombre'],
  group: ['grupo_funcional'],
  groupName: ['grupo_funcional_nombre'],
  // New files: FUENTE_FINANCIAMIENTO (1-5) and RUBRO (00-19). Older ones: FUENTE_FINANC is the rubro
  // and FUENTE_FINANC_AGREGADA the fuente.
  fuente: ['fuente_financiamiento', 'fuente_financ_agregada'],
  fuenteName: ['fuente_financiamiento_nombre', 'fuente_financ_agregada_nombre'],
  rubro: ['rubro', 'fuente_financ'],
  rubroName: ['rubro_nombre', 'fuente_financ_nombre'],
};
const OPTIONAL: Record<string, string[]> = { executorName: ['ejecutora_nombre'], month: ['mes_eje'], year: ['ano_eje'], ...SOURCE_KEY_COLUMNS };

const STOCKS = { pia: 'pia', pim: 'pim', certificacion: 'certificado', compromisoAnual: 'comprometido_anual' } as const;
const FLOWS = { devengado: 'devengado', girado: 'girado' } as const;
const MONTHS = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'setiembre', 'octubre', 'noviembre', 'diciembre'];
const MONTH_ALIASES: Record<string, string> = { setiembre: 'septiembre' };
type AmountKey = keyof typeof STOCKS | keyof typeof FLOWS;
const AMOUNT_KEYS = [...Object.keys(STOCKS), ...Object.keys(FLOWS)] as AmountKey[];
const DIGITS = /^\d+$/;
const DIGITS_1_2 = /^\d{1,2}$/;
const pad2 = (s: string) => (s.length === 1 ? `0${s}` : s);

/**
 * MEF's open-data expense CSV ("datos abiertos", {year}-Gasto.csv), in its three layouts:
 * - annual: ANO_EJE (and MES_EJE when monthly) with MONTO_PIA … MONTO_GIRADO;
 * - monthly devengado: ANO_EJE with MONTO_PIA, MONTO_PIM and MONTO_DEVENGADO_ENERO … _DICIEMBRE;
 * - comparativo: PIA_2022 … GIRADO_2025, one group of columns per year.
 * National files hold every level of government; only municipal rows (NIVEL_GOBIERNO M) within the
 * request's filters are kept, the rest are counted as skipped. Amounts may be negative (reversals).
 */
export const mefGastoFormat: ImportFormat<BudgetRecord> = {
  id: 'mef-gasto',
  title: 'MEF open data: gasto (expense) CSV, annual, monthly or comparativo layout',
  expectedColumns:
    'NIVEL_GOBIERNO, SEC_EJEC, DEPARTAMENTO_EJECUTORA, PROVINCIA_EJECUTORA, DISTRITO_EJECUTORA, TIPO_ACT_PROY, PRODUCTO_PROYECTO, FUNCION, DIVISION_FUNCIONAL, GRUPO_FUNCIONAL, FUENTE_FINANCIAMIENTO, RUBRO (with their _NOMBRE) and ANO_EJE with MONTO_PIA … MONTO_GIRADO',
  target: budgetLinesTarget,
  textColumns: ['executorName', 'productName', 'functionName', 'divisionName', 'groupName', 'fuenteName', 'rubroName'],

  columns: { required: COMMON, optional: OPTIONAL },

  matchHeader(cells: Cell[], row: number): HeaderMap | null {
    const header = mapHeader(cells, row, COMMON, OPTIONAL);
    if (!header) return null;
    // the classifiers that tell a line's source lines apart are read only where rows are of one month each (MES_EJE)
    if (!('month' in header.index))
      for (const key of Object.keys(SOURCE_KEY_COLUMNS)) {
        delete header.index[key];
        delete header.label[key];
      }
    const names = cells.map(normalizeHeader);
    const find = (name: string) => names.indexOf(name);
    const put = (key: string, at: number) => {
      header.index[key] = at;
      header.label[key] = String(cells[at]).trim();
    };
    const annual = AMOUNT_KEYS.map((k) => find(`monto_${{ ...STOCKS, ...FLOWS }[k]}`));
    if ('year' in header.index && annual.every((at) => at >= 0)) {
      for (const [i, k] of AMOUNT_KEYS.entries()) put(k, annual[i]);
      return { ...header, variant: 'annual' };
    }
    const monthly = MONTHS.map((m) => [m, find(`monto_devengado_${m}`), find(`monto_devengado_${MONTH_ALIASES[m] ?? m}`)] as const);
    if ('year' in header.index && find('monto_pia') >= 0 && find('monto_pim') >= 0 && monthly.every(([, a, b]) => a >= 0 || b >= 0)) {
      put('pia', find('monto_pia'));
      put('pim', find('monto_pim'));
      for (const [key, name] of [
        ['certificacion', 'monto_certificado'],
        ['compromisoAnual', 'monto_comprometido_anual'],
      ])
        if (find(name) >= 0) put(key, find(name));
      for (const [m, a, b] of monthly) put(`devengado_${m}`, a >= 0 ? a : b);
      for (const m of MONTHS) if (find(`monto_girado_${m}`) >= 0) put(`girado_${m}`, find(`monto_girado_${m}`));
      return { ...header, variant: 'monthly' };
    }
    const years = names
      .map((n) => /^pim_(\d{4})$/.exec(n)?.[1])
      .filter((y) => y !== undefined)
      .map(Number);
    if (years.length === 0) return null;
    for (const year of years) {
      for (const k of AMOUNT_KEYS) {
        const at = find(`${{ ...STOCKS, ...FLOWS }[k]}_${year}`);
        if (at < 0) return null;
        put(`${k}_${year}`, at);
      }
    }
    return { ...header, variant: 'comparativo', years };
  },

  // The annual layout, one record per row, is read by its own lane into plain budget lines.
  csvLane({ parser, header, filters, allowedMunicipalities, load, limits }) {
    const lines = load as Partial<BudgetLineLoad<BudgetRecord>>;
    if (header.variant !== 'annual' || !lines.plain || !lines.book) return null;
    return new MefGastoLane(parser, header, filters, lines.book, limits, allowedMunicipalities);
  },

  normalize(sheetRow: SheetRow, header: HeaderMap, filters: ImportFilters): NormalizedRow<BudgetRecord> {
    // This runs once per row of files with millions of rows: plain index reads, no spreads, no per-row arrays.
    const { row, errors, cell, problem } = rowReader(sheetRow, header);
    const ix = header.index;
    const cells = sheetRow.cells;
    const text = (key: string): string => {
      const v = cells[ix[key]];
      return v === null || v === undefined ? '' : typeof v === 'string' ? v.trim() : String(v);
    };

    // Leave out, without checking them, rows of other levels of government or outside the filters.
    const level = text('level');
    const d = text('department');
    const p = text('province');
    const t = text('district');
    const ubigeo = DIGITS_1_2.test(d) && DIGITS_1_2.test(p) && DIGITS_1_2.test(t) ? pad2(d) + pad2(p) + pad2(t) : null;
    if ((level !== 'M' && !/^M\b/i.test(level)) || (ubigeo !== null && !inFilters(ubigeo, filters))) return { records: [], errors, skipped: true };
    if (ubigeo === null) problem('district', rowSays('INVALID_UBIGEO.parts'));

    // Classifier codes lose their leading zeros in some exports and are padded back; a project's CUI is kept as written.
    const code = (key: string, width: number, name: string, pad = true): string => {
      const value = text(key);
      if (value.length === 0 || value.length > width || !DIGITS.test(value)) {
        problem(key, rowSays('INVALID_CODE.width', { column: name, width }));
        return '';
      }
      return pad && value.length < width ? value.padStart(width, '0') : value;
    };
    const secEjec = code('secEjec', 9, 'SEC_EJEC');
    const activityKind = code('activityKind', 1, 'TIPO_ACT_PROY');
    const productCode = code('product', 12, 'the product or project code', false);
    const functionCode = code('function', 2, 'FUNCION');
    const divisionCode = code('division', 3, 'DIVISION_FUNCIONAL');
    const groupCode = code('group', 4, 'GRUPO_FUNCIONAL');
    const fuenteCode = code('fuente', 2, 'the fuente de financiamiento').replace(/^0(?=\d)/, '');
    const rubroCode = code('rubro', 2, 'the rubro');

    let month: number | null = null;
    let sourceKey: number | null = null;
    if (header.variant === 'annual' && 'month' in ix) {
      month = Number(text('month'));
      if (!Number.isInteger(month) || month < 0 || month > 12) problem('month', rowSays('INVALID_MONTH'));
      sourceKey = sourceKeyOfTexts((key) => (key in ix ? text(key) : ''));
    }

    const amount = (key: string): string => {
      if (!(key in ix)) return '0.00';
      const parsed = parseAmount(cell(key));
      if (parsed.ok) return parsed.value;
      problem(key, parsed);
      return '0.00';
    };
    const record = (
      year: number,
      pia: string,
      pim: string,
      certificacion: string,
      compromisoAnual: string,
      devengado: string,
      girado: string,
      devengadoByMonth: string[] | null = null,
    ): BudgetRecord => ({
      sourceRow: row,
      year,
      month,
      sourceKey,
      ubigeo: ubigeo ?? '',
      secEjec: Number(secEjec),
      mefName: text('executorName'),
      activityKind: Number(activityKind),
      productCode,
      productName: text('productName'),
      functionCode,
      functionName: text('functionName'),
      divisionCode,
      divisionName: text('divisionName'),
      groupCode,
      groupName: text('groupName'),
      fuenteCode,
      fuenteName: text('fuenteName'),
      rubroCode,
      rubroName: text('rubroName'),
      pia,
      pim,
      certificacion,
      compromisoAnual,
      devengado,
      girado,
      devengadoByMonth,
    });

    const records: BudgetRecord[] = [];
    if (header.variant === 'comparativo') {
      for (const year of header.years!) {
        const a = AMOUNT_KEYS.map((k) => amount(`${k}_${year}`));
        if (a.some((v) => v !== '0.00')) records.push(record(year, a[0], a[1], a[2], a[3], a[4], a[5]));
      }
    } else {
      const year = parseYear(cell('year'));
      if (year === null) problem('year', rowSays('INVALID_YEAR.column', { column: 'ANO_EJE', min: MIN_BUDGET_YEAR, max: new Date().getUTCFullYear() + 1 }));
      const [pia, pim, certificacion, compromisoAnual] = [amount('pia'), amount('pim'), amount('certificacion'), amount('compromisoAnual')];
      let devengado: string;
      let girado: string;
      let byMonth: string[] | null = null;
      if (header.variant === 'annual') {
        devengado = amount('devengado');
        girado = amount('girado');
      } else {
        // Monthly columns: the year's devengado and girado are their exact sums.
        byMonth = MONTHS.map((m) => amount(`devengado_${m}`));
        devengado = fromCents(byMonth.reduce((sum, v) => sum + toCents(v), 0n));
        girado = fromCents(MONTHS.reduce((sum, m) => sum + toCents(amount(`girado_${m}`)), 0n));
      }
      records.push(record(year ?? 0, pia, pim, certificacion, compromisoAnual, devengado, girado, byMonth));
    }
    return errors.length > 0 ? { records: [], errors } : { records, errors };
  },
};
