import { rowSays } from '../../common/domain-error.js';
import { parseAmount } from '../parsing/amount.js';
import { parseUbigeo, parseYear } from '../parsing/codes.js';
import type { Cell, SheetRow } from '../readers/sheet-row.js';
import { type CanonEntityTransferRecord, canonEntityTransfersTarget, type EntityType } from '../targets/canon-entity-transfers.target.js';
import { MONTHS } from './canon-transfers.format.js';
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
import { endOfMonth } from '../snapshot-date.js';

/** Entity types as MEF's income open data names the levels of government. */
const ENTITY_NAMES: Record<string, EntityType> = {
  municipalidad: 'municipality',
  municipality: 'municipality',
  m: 'municipality',
  gobierno_regional: 'regional_government',
  regional_government: 'regional_government',
  r: 'regional_government',
  universidad: 'university',
  university: 'university',
  u: 'university',
};

/** Concepts as the file names them → as stored (the names canon_transfer uses where it has them). */
const CONCEPTS: Record<string, string> = {
  total_rubro18: 'rubro18_total',
  rubro18_total: 'rubro18_total',
  minero: 'canon_minero',
  canon_minero: 'canon_minero',
  regalias: 'regalias_mineras',
  regalias_mineras: 'regalias_mineras',
  gasifero: 'canon_gasifero',
  canon_gasifero: 'canon_gasifero',
  hidro: 'canon_hidroenergetico',
  canon_hidroenergetico: 'canon_hidroenergetico',
  petrolero: 'canon_petrolero',
  canon_petrolero: 'canon_petrolero',
  focam: 'focam',
  aduanas: 'renta_aduanas',
  renta_aduanas: 'renta_aduanas',
  participaciones: 'participaciones',
  foncomun: 'foncomun',
};

const key = (cell: Cell): string => normalizeHeader(cell).replace(/[\s-]+/g, '_');

/**
 * Rubro-18 transfers to every entity of a department, long (one row per entity, year and concept), as
 * MEF's income open data compiles them: ubigeo, entity_type (MUNICIPALIDAD, GOBIERNO_REGIONAL,
 * UNIVERSIDAD), entity_name, year, concept (total_rubro18, minero, regalias, …), amount_soles, year_cut
 * (the last month covered). The pot the canon-distribution rules divide. Each entity-year of the latest
 * import replaces that entity-year of earlier ones.
 */
export const canonEntityTransfersFormat: ImportFormat<CanonEntityTransferRecord> = {
  id: 'canon-entity-transfers',
  title: 'Canon transfers to every entity of a department: municipalities, regional government, universities',
  expectedColumns: 'ubigeo, entity_type, entity_name, year, concept, amount_soles, and optionally year_cut',
  target: canonEntityTransfersTarget,
  textColumns: ['entityName'],

  // the file's date: the end of the last month its `year_cut` covers
  cutOff: (r, header) => ('throughMonth' in header.index ? endOfMonth(r.year, r.throughMonth) : null),

  uniqueKey: (r) => ({ key: `${r.ubigeo}/${r.entityType}/${r.entityType === 'municipality' ? '' : r.entityName}/${r.year}/${r.concept}`, column: 'concept' }),

  matchHeader(cells: Cell[], row: number): HeaderMap | null {
    return mapHeader(
      cells,
      row,
      {
        ubigeo: ['ubigeo'],
        entityType: ['entity_type', 'tipo_entidad'],
        entityName: ['entity_name', 'entidad'],
        year: ['year', 'anio', 'ano', 'año'],
        concept: ['concept', 'concepto'],
        amount: ['amount_soles', 'amount', 'monto'],
      },
      { throughMonth: ['year_cut', 'corte'] },
    );
  },

  normalize(sheetRow: SheetRow, header: HeaderMap, filters: ImportFilters): NormalizedRow<CanonEntityTransferRecord> {
    const { row, errors, cell, problem, has } = rowReader(sheetRow, header);
    const ubigeo = parseUbigeo(cell('ubigeo'));
    if (ubigeo && !inFilters(ubigeo, filters)) return { records: [], errors, skipped: true };
    if (!ubigeo) problem('ubigeo', rowSays('INVALID_UBIGEO.districtCode', { column: 'ubigeo' }));

    const entityType = ENTITY_NAMES[key(cell('entityType'))];
    if (!entityType) problem('entityType', rowSays('INVALID_ENTITY_TYPE'));
    const entityName = String(cell('entityName') ?? '').trim();
    if (!entityName) problem('entityName', rowSays('MISSING_VALUE.column', { column: 'entity_name' }));

    const year = parseYear(cell('year'));
    if (year === null) problem('year', rowSays('INVALID_YEAR.whole'));

    const concept = CONCEPTS[key(cell('concept'))];
    if (!concept) problem('concept', rowSays('INVALID_CONCEPT', { concepts: Object.keys(CONCEPTS).join(', ') }));

    let throughMonth = 12;
    if (has('throughMonth') && cell('throughMonth') !== null) {
      const text = String(cell('throughMonth')).trim().toLowerCase();
      const month = MONTHS[text] ?? (/^\d{1,2}$/.test(text) ? Number(text) : NaN);
      if (!(month >= 1 && month <= 12)) problem('throughMonth', rowSays('INVALID_MONTH.yearCut'));
      else throughMonth = month;
    }

    const amount = parseAmount(cell('amount'));
    if (!amount.ok) problem('amount', amount);
    if (errors.length > 0 || !amount.ok) return { records: [], errors };
    return {
      records: [{ sourceRow: row, ubigeo: ubigeo!, entityType: entityType!, entityName, year: year!, throughMonth, concept: concept!, amount: amount.value }],
      errors,
    };
  },
};
