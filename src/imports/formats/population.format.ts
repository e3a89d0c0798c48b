import { rowSays } from '../../common/domain-error.js';
import { parseAmount } from '../parsing/amount.js';
import { parseUbigeo, parseYear } from '../parsing/codes.js';
import type { Cell, SheetRow } from '../readers/sheet-row.js';
import { type PopulationRecord, populationTarget } from '../targets/population.target.js';
import { isRealDate } from '../../common/calendar-date.js';
import { type HeaderMap, type ImportFilters, type ImportFormat, inFilters, mapHeader, type NormalizedRow, rowReader } from './import-format.js';

/**
 * District population by year with its urban/rural split, in MINAM's layout (semicolon-separated,
 * thousands with commas, ubigeo without its leading zero), so that new census or estimate years can be loaded.
 */
export const populationFormat: ImportFormat<PopulationRecord> = {
  id: 'population',
  title: 'Population by district and year, urban and rural (MINAM layout)',
  expectedColumns: 'UBIGEO, POB_TOTAL, POB_URBANA, POB_RURAL, PERIODO',
  target: populationTarget,

  uniqueKey: (r) => ({ key: `${r.ubigeo}/${r.year}`, column: 'ubigeo' }),

  columns: {
    required: { ubigeo: ['ubigeo'], total: ['pob_total'], urban: ['pob_urbana'], rural: ['pob_rural'], year: ['periodo', 'anio', 'ano'] },
    optional: { cutOff: ['fecha_corte'] },
  },

  matchHeader(cells: Cell[], row: number): HeaderMap | null {
    return mapHeader(cells, row, this.columns!.required, this.columns!.optional);
  },

  cutOff: (r) => r.cutOff,

  normalize(sheetRow: SheetRow, header: HeaderMap, filters: ImportFilters): NormalizedRow<PopulationRecord> {
    const { row, errors, cell, problem } = rowReader(sheetRow, header);
    const ubigeo = parseUbigeo(cell('ubigeo'));
    if (ubigeo && !inFilters(ubigeo, filters)) return { records: [], errors, skipped: true };
    if (!ubigeo) problem('ubigeo', rowSays('INVALID_UBIGEO.fiveOrSix'));

    const year = parseYear(cell('year'), 1940); // census years go back before SIAF
    if (year === null) problem('year', rowSays('INVALID_YEAR.example', { column: 'PERIODO', example: 2023 }));

    const count = (key: string): number => {
      const parsed = parseAmount(cell(key));
      if (parsed.ok && parsed.value.endsWith('.00') && !parsed.value.startsWith('-')) return Number(parsed.value.slice(0, -3));
      problem(key, rowSays('INVALID_NUMBER'));
      return 0;
    };
    const [total, urban, rural] = [count('total'), count('urban'), count('rural')];
    if (errors.length === 0 && total !== urban + rural) {
      problem('total', rowSays('POPULATION_MISMATCH', { total, urban, rural }));
    }
    // FECHA_CORTE only dates the file: one that is not a real yyyymmdd date is left aside, not an error
    const stamp = /^(\d{4})(\d{2})(\d{2})$/.exec(
      String(cell('cutOff') ?? '')
        .trim()
        .replace(/\.0+$/, ''),
    );
    const cutOff = stamp && isRealDate(`${stamp[1]}-${stamp[2]}-${stamp[3]}`) ? `${stamp[1]}-${stamp[2]}-${stamp[3]}` : null;
    return errors.length > 0 ? { records: [], errors } : { records: [{ sourceRow: row, ubigeo: ubigeo!, year: year!, total, urban, rural, cutOff }], errors };
  },
};
