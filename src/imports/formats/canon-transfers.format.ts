import { rowSays } from '../../common/domain-error.js';
import { parseAmount } from '../parsing/amount.js';
import { parseUbigeo, parseYear } from '../parsing/codes.js';
import type { Cell, SheetRow } from '../readers/sheet-row.js';
import { canonTransfersTarget, type CanonTransferRecord } from '../targets/canon-transfers.target.js';
import { endOfMonth } from '../snapshot-date.js';
import { type HeaderMap, type ImportFilters, type ImportFormat, inFilters, mapHeader, type NormalizedRow, rowReader } from './import-format.js';

/** Transfer columns and the concept each one is stored as. rubro18_total is all of rubro 18. */
const CONCEPT_COLUMNS: Record<string, string[]> = {
  rubro18_total: ['rubro18_recaudado_total', 'rubro18_total', 'canon_total', 'total_rubro_18'],
  canon_minero: ['canon_minero'],
  regalias_mineras: ['regalias_mineras'],
  canon_gasifero: ['canon_gasifero'],
  canon_hidroenergetico: ['canon_hidroenergetico'],
  foncomun: ['foncomun_rubro07', 'foncomun'],
};
export const MONTHS: Record<string, number> = {
  enero: 1,
  febrero: 2,
  marzo: 3,
  abril: 4,
  mayo: 5,
  junio: 6,
  julio: 7,
  agosto: 8,
  setiembre: 9,
  septiembre: 9,
  octubre: 10,
  noviembre: 11,
  diciembre: 12,
};

/**
 * Canon and rubro-18 transfers per municipality and year, wide (one column per concept), as MEF's
 * transfers portal and income open data give them; `corte` names the last month covered (diciembre =
 * the whole year). A blank concept cell means "not reported", not zero, and is left out.
 */
export const canonTransfersFormat: ImportFormat<CanonTransferRecord> = {
  id: 'canon-transfers',
  title: 'Canon transfers: rubro 18 by municipality, year and concept',
  expectedColumns:
    'ubigeo, anio, rubro18_recaudado_total, and optionally corte, canon_minero, regalias_mineras, canon_gasifero, canon_hidroenergetico, foncomun_rubro07',
  target: canonTransfersTarget,

  uniqueKey: (r) => ({ key: `${r.ubigeo}/${r.year}/${r.concept}`, column: 'ubigeo' }),

  // the file's date: the end of the last month its `corte` covers (setiembre of 2026 → 2026-09-30)
  cutOff: (r, header) => ('throughMonth' in header.index ? endOfMonth(r.year, r.throughMonth) : null),

  columns: {
    required: { ubigeo: ['ubigeo'], year: ['anio', 'ano', 'año', 'ano_eje'], rubro18_total: CONCEPT_COLUMNS.rubro18_total },
    optional: { throughMonth: ['corte', 'mes', 'mes_corte'], ...Object.fromEntries(Object.entries(CONCEPT_COLUMNS).filter(([k]) => k !== 'rubro18_total')) },
  },

  matchHeader(cells: Cell[], row: number): HeaderMap | null {
    return mapHeader(cells, row, this.columns!.required, this.columns!.optional);
  },

  normalize(sheetRow: SheetRow, header: HeaderMap, filters: ImportFilters): NormalizedRow<CanonTransferRecord> {
    const { row, errors, cell, problem, has } = rowReader(sheetRow, header);
    const ubigeo = parseUbigeo(cell('ubigeo'));
    if (ubigeo && !inFilters(ubigeo, filters)) return { records: [], errors, skipped: true };
    if (!ubigeo) problem('ubigeo', rowSays('INVALID_UBIGEO.code', { column: 'ubigeo' }));

    const year = parseYear(cell('year'));
    if (year === null) problem('year', rowSays('INVALID_YEAR.whole'));

    let throughMonth = 12;
    if (has('throughMonth') && cell('throughMonth') !== null) {
      const text = String(cell('throughMonth')).trim().toLowerCase();
      const month = MONTHS[text] ?? (/^\d{1,2}$/.test(text) ? Number(text) : NaN);
      if (!(month >= 1 && month <= 12)) problem('throughMonth', rowSays('INVALID_MONTH.corte'));
      else throughMonth = month;
    }

    const records: CanonTransferRecord[] = [];
    for (const concept of Object.keys(CONCEPT_COLUMNS)) {
      if (!has(concept) || cell(concept) === null) continue;
      const parsed = parseAmount(cell(concept));
      if (!parsed.ok) problem(concept, parsed);
      else records.push({ sourceRow: row, ubigeo: ubigeo ?? '', year: year ?? 0, throughMonth, concept, amount: parsed.value });
    }
    if (!records.some((r) => r.concept === 'rubro18_total') && errors.length === 0) {
      problem('rubro18_total', rowSays('MISSING_VALUE.rubro18'));
    }
    return errors.length > 0 ? { records: [], errors } : { records, errors };
  },
};
