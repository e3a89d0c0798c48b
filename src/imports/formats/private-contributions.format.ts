import { rowSays } from '../../common/domain-error.js';
import { parseAmount } from '../parsing/amount.js';
import { parseUbigeo, parseYear } from '../parsing/codes.js';
import type { Cell, SheetRow } from '../readers/sheet-row.js';
import { type PrivateContributionRecord, privateContributionsTarget } from '../targets/private-contributions.target.js';
import { type HeaderMap, type ImportFilters, type ImportFormat, inFilters, mapHeader, type NormalizedRow, rowReader } from './import-format.js';

/**
 * Private contributions to a municipality's development, one row each: the mining company's Framework
 * Agreement fund, a foundation, a company's own works. Columns: Año, Ubigeo (the district that
 * benefits), Financiador, Sector, Monto, and optionally Descripción.
 */
export const privateContributionsFormat: ImportFormat<PrivateContributionRecord> = {
  id: 'private-contributions',
  title: 'Private contributions by funder, district, year and sector',
  expectedColumns: 'Año, Ubigeo, Financiador, Sector, Monto, and optionally Descripción',
  target: privateContributionsTarget,
  textColumns: ['funder', 'sector', 'description'],

  columns: {
    required: {
      year: ['ano', 'anio', 'año'],
      ubigeo: ['ubigeo'],
      funder: ['financiador', 'aportante', 'funder'],
      sector: ['sector'],
      amount: ['monto', 'amount'],
    },
    optional: { description: ['descripcion', 'description', 'proyecto'] },
  },

  matchHeader(cells: Cell[], row: number): HeaderMap | null {
    return mapHeader(cells, row, this.columns!.required, this.columns!.optional);
  },

  normalize(sheetRow: SheetRow, header: HeaderMap, filters: ImportFilters): NormalizedRow<PrivateContributionRecord> {
    const { row, errors, cell, problem } = rowReader(sheetRow, header);
    const text = (key: string) => String(cell(key) ?? '').trim();
    const ubigeo = parseUbigeo(cell('ubigeo'));
    if (ubigeo && !inFilters(ubigeo, filters)) return { records: [], errors, skipped: true };
    if (!ubigeo) problem('ubigeo', rowSays('INVALID_UBIGEO.district', { column: 'Ubigeo' }));
    const year = parseYear(cell('year'));
    if (year === null) problem('year', rowSays('INVALID_YEAR.example', { column: 'Año', example: 2024 }));
    if (!text('funder')) problem('funder', rowSays('MISSING_VALUE.column', { column: 'Financiador' }));
    if (!text('sector')) problem('sector', rowSays('MISSING_VALUE.column', { column: 'Sector' }));
    const amount = parseAmount(cell('amount'));
    if (!amount.ok) problem('amount', amount);
    if (errors.length > 0 || !amount.ok) return { records: [], errors };
    const description = text('description');
    return {
      records: [
        {
          sourceRow: row,
          ubigeo: ubigeo!,
          year: year!,
          funder: text('funder'),
          sector: text('sector'),
          description: description || null,
          amount: amount.value,
        },
      ],
      errors,
    };
  },
};
