import { rowSays } from '../../common/domain-error.js';
import { parseUbigeo, parseYear } from '../parsing/codes.js';
import type { Cell, SheetRow } from '../readers/sheet-row.js';
import { type DistributionIndexRecord, distributionIndicesTarget } from '../targets/distribution-indices.target.js';
import { type HeaderMap, type ImportFilters, type ImportFormat, inFilters, mapHeader, type NormalizedRow, rowReader } from './import-format.js';

const DECIMAL = /^\d{1,9}(?:[.,]\d{1,15})?$/;

/** "0,0123" or "0.0123" or 0.0123 → "0.0123"; null when it is not a non-negative decimal of up to 15 places. */
export function parseIndex(cell: Cell): string | null {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell) || cell < 0 || cell >= 1e9) return null;
    return cell.toFixed(15).replace(/\.?0+$/, '') || '0';
  }
  const text = String(cell ?? '').trim();
  return DECIMAL.test(text) ? text.replace(',', '.') : null;
}

/**
 * MEF's official canon distribution indices (published by ministerial resolution), one row per
 * municipality, year and concept: year, ubigeo, concept (e.g. canon_minero), index. The canon-distribution
 * analysis weighs a tier's municipalities by them, instead of the population × poverty estimate, when
 * every municipality of the tier has one. The latest import of a municipality, year and concept wins.
 */
export const distributionIndicesFormat: ImportFormat<DistributionIndexRecord> = {
  id: 'canon-distribution-indices',
  title: "MEF's canon distribution indices by municipality, year and concept",
  expectedColumns: 'year, ubigeo, concept, index',
  target: distributionIndicesTarget,

  uniqueKey: (r) => ({ key: `${r.ubigeo}/${r.year}/${r.concept}`, column: 'ubigeo' }),

  matchHeader(cells: Cell[], row: number): HeaderMap | null {
    return mapHeader(cells, row, { year: ['year', 'anio', 'ano', 'año'], ubigeo: ['ubigeo'], concept: ['concept', 'concepto'], index: ['index', 'indice'] });
  },

  normalize(sheetRow: SheetRow, header: HeaderMap, filters: ImportFilters): NormalizedRow<DistributionIndexRecord> {
    const { row, errors, cell, problem } = rowReader(sheetRow, header);
    const ubigeo = parseUbigeo(cell('ubigeo'));
    if (ubigeo && !inFilters(ubigeo, filters)) return { records: [], errors, skipped: true };
    if (!ubigeo) problem('ubigeo', rowSays('INVALID_UBIGEO.districtCode', { column: 'ubigeo' }));
    const year = parseYear(cell('year'));
    if (year === null) problem('year', rowSays('INVALID_YEAR.whole'));
    const concept = String(cell('concept') ?? '')
      .trim()
      .toLowerCase();
    if (!/^[a-z][a-z0-9_]{0,23}$/.test(concept)) problem('concept', rowSays('INVALID_CONCEPT.name'));
    const index = parseIndex(cell('index'));
    if (index === null) problem('index', rowSays('INVALID_INDEX'));
    return errors.length > 0 ? { records: [], errors } : { records: [{ sourceRow: row, ubigeo: ubigeo!, year: year!, concept, index: index! }], errors };
  },
};
