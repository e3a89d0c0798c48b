import { DomainError, rowSays } from '../../common/domain-error.js';
import { FUNCTIONS, RUBROS } from '../../budget/classifiers.js';
import { parseAmount } from '../parsing/amount.js';
import { parseUbigeo, parseYear } from '../parsing/codes.js';
import type { Cell, SheetRow } from '../readers/sheet-row.js';
import { budgetFunctionLinesTarget, type BudgetFunctionRecord } from '../targets/budget-function-lines.target.js';
import {
  type FileStatement,
  type HeaderMap,
  type ImportFilters,
  type ImportFormat,
  inFilters,
  mapHeader,
  normalizeHeader,
  type NormalizedRow,
  rowReader,
} from './import-format.js';

export type { BudgetFunctionRecord };

/** MEF's función names as a file may write them (accents, case and spacing aside) → their codes. */
const FUNCTION_BY_NAME = new Map(Object.entries(FUNCTIONS).map(([code, name]) => [plain(name), code]));

function plain(text: string): string {
  return normalizeHeader(text).toUpperCase();
}

/** "15", "15 - TRANSPORTE", "15: TRANSPORTE" or "TRANSPORTE" → "15"; null for a función MEF does not have. */
export function functionCodeOf(cell: Cell): string | null {
  const text = String(cell ?? '').trim();
  const coded = /^(\d{1,2})(?:\s*[-:.]\s*\S.*)?$/s.exec(text);
  if (coded) {
    const code = coded[1].padStart(2, '0');
    return Object.hasOwn(FUNCTIONS, code) ? code : null;
  }
  return FUNCTION_BY_NAME.get(plain(text)) ?? null;
}

/** "18", "18 - CANON Y SOBRECANON…" or "18: …" → "18"; null when it is no rubro MEF's classifier has here. */
export function rubroCodeOf(cell: Cell): string | null {
  const m = /^(\d{1,2})(?:\s*[-:.]\s*\S.*)?$/s.exec(String(cell ?? '').trim());
  const code = m?.[1].padStart(2, '0');
  return code && Object.hasOwn(RUBROS, code) ? code : null;
}

/**
 * The rubro a file states about all its rows: "rubro 18" (or "rubro_18", "rubro-18") in a title row above
 * the header or in its name; "canon" there is rubro 18, the rubro of canon, sobrecanon and regalías.
 * Null when it states none.
 */
export function statedRubro(preamble: Cell[][], fileName: string): string | null {
  for (const text of [...preamble.map((cells) => cells.filter((c) => c !== null).join(' ')), fileName]) {
    const coded = /rubro[\s_:-]*(\d{1,2})(?!\d)/i.exec(text);
    if (coded && Object.hasOwn(RUBROS, coded[1].padStart(2, '0'))) return coded[1].padStart(2, '0');
    if (/canon/i.test(text)) return '18';
  }
  return null;
}

/** Columns of layouts at a finer grain or with PIA: a header holding any is not this layout's. */
const FINER = new Set(['pia', 'monto_pia', 'division funcional', 'division_funcional', 'grupo funcional', 'grupo_funcional', 'producto_proyecto', 'act_proy']);

const MUNICIPALITY_TYPES = new Set(['municipalidad', 'municipality', 'm', 'gobierno local', 'gl']);

/**
 * PIM and devengado by función (by code or by name) per municipality (ubigeo, or MEF's executing unit,
 * SEC_EJEC) and year: the spending of one rubro or several, at función grain and no finer, without PIA,
 * as compilations of MEF's open data give it (e.g. canon spending by función). The rubro of each row is
 * its `rubro` column's, else the one the request (rubro=18) states for the whole file, else the one the
 * file states in a title row or its name ("rubro 18", "canon"); a file that states none is refused.
 * Filters (department, province, municipality) apply to rows with a ubigeo. Each municipality-year of
 * the latest import replaces that municipality-year of earlier ones, as a whole.
 */
export const budgetByFunctionFormat: ImportFormat<BudgetFunctionRecord> = {
  id: 'budget-by-function',
  title: 'Budget by función: PIM and devengado per municipality, year and función, of one rubro (e.g. canon) or several',
  expectedColumns: 'ubigeo (or sec_ejec), year, funcion (code or name), monto_pim, monto_devengado, and optionally rubro, entity_type, entity_name',
  target: budgetFunctionLinesTarget,
  textColumns: ['entityName'],

  columns: {
    required: {
      year: ['year', 'anio', 'ano', 'año', 'ano_eje'],
      function: ['funcion', 'function', 'funcion_nombre', 'function_name'],
      pim: ['monto_pim', 'pim'],
      devengado: ['monto_devengado', 'devengado'],
    },
    optional: {
      ubigeo: ['ubigeo'],
      secEjec: ['sec_ejec', 'unidad_ejecutora', 'executing_unit'],
      rubro: ['rubro', 'rubro_code', 'cod_rubro'],
      entityType: ['entity_type', 'tipo_entidad'],
      entityName: ['entity_name', 'entidad'],
    },
  },

  uniqueKey: (r) => ({ key: `${r.ubigeo ?? `sec_ejec ${r.secEjec}`}/${r.year}/${r.rubroCode ?? ''}/${r.functionCode}`, column: 'function' }),

  matchHeader(cells: Cell[], row: number): HeaderMap | null {
    const header = mapHeader(cells, row, this.columns!.required, this.columns!.optional);
    // the municipality by its ubigeo or its executing unit
    if (!header || !('ubigeo' in header.index || 'secEjec' in header.index)) return null;
    // a header with PIA or a finer classifier is another layout's (MEF's gasto file, the template), even one that lacks a column
    return cells.some((c) => FINER.has(normalizeHeader(c))) ? null : header;
  },

  statement(header: HeaderMap, { rubro, preamble, fileName }): FileStatement {
    if (rubro !== undefined) return { rubro: { code: rubro, source: 'request' } };
    const stated = statedRubro(preamble, fileName);
    if (stated) return { rubro: { code: stated, source: 'file' } };
    if ('rubro' in header.index) return {};
    throw DomainError.of('RUBRO_SCOPE_REQUIRED');
  },

  normalize(sheetRow: SheetRow, header: HeaderMap, filters: ImportFilters): NormalizedRow<BudgetFunctionRecord> {
    const { row, errors, cell, problem, has } = rowReader(sheetRow, header);
    const ubigeo = has('ubigeo') && cell('ubigeo') !== null ? parseUbigeo(cell('ubigeo')) : null;
    if (ubigeo && !inFilters(ubigeo, filters)) return { records: [], errors, skipped: true };
    let secEjec: number | null = null;
    if (!ubigeo) {
      const unit = String(cell('secEjec') ?? '')
        .trim()
        .replace(/\.0+$/, '');
      if (has('secEjec') && /^\d{1,9}$/.test(unit)) secEjec = Number(unit);
      else if (has('ubigeo')) problem('ubigeo', rowSays('INVALID_UBIGEO.districtCode', { column: header.label.ubigeo }));
      else problem('secEjec', rowSays('INVALID_CODE.width', { column: header.label.secEjec, width: 9 }));
    }
    if (has('entityType') && !MUNICIPALITY_TYPES.has(normalizeHeader(cell('entityType')).replace(/_/g, ' ')))
      problem('entityType', rowSays('NOT_A_MUNICIPALITY'));

    const year = parseYear(cell('year'));
    if (year === null) problem('year', rowSays('INVALID_YEAR.whole'));

    const functionCode = functionCodeOf(cell('function'));
    if (!functionCode)
      problem(
        'function',
        rowSays('UNKNOWN_FUNCTION', {
          name: String(cell('function') ?? '')
            .trim()
            .slice(0, 100),
        }),
      );

    let rubroCode: string | null = null;
    if (has('rubro') && cell('rubro') !== null && String(cell('rubro')).trim() !== '') {
      rubroCode = rubroCodeOf(cell('rubro'));
      if (!rubroCode)
        problem('rubro', rowSays('INVALID_CODE.rubroScope', { code: String(cell('rubro')).trim().slice(0, 20), known: Object.keys(RUBROS).join(', ') }));
    }

    const pim = parseAmount(cell('pim'));
    if (!pim.ok) problem('pim', pim);
    const devengado = parseAmount(cell('devengado'));
    if (!devengado.ok) problem('devengado', devengado);
    if (errors.length > 0 || !pim.ok || !devengado.ok) return { records: [], errors };
    return {
      records: [
        {
          sourceRow: row,
          ubigeo,
          secEjec,
          year: year!,
          functionCode: functionCode!,
          functionName: FUNCTIONS[functionCode!],
          rubroCode,
          pim: pim.value,
          devengado: devengado.value,
        },
      ],
      errors,
    };
  },
};
