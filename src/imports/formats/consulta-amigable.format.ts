import { rowSays } from '../../common/domain-error.js';
import { executionRatePct, toCents } from '../../common/decimal.js';
import { parseAmount } from '../parsing/amount.js';
import { MIN_BUDGET_YEAR, parseYear } from '../parsing/codes.js';
import { parseCodeLabel, parseMunicipalityLabel } from '../parsing/labels.js';
import type { Cell, SheetRow } from '../readers/sheet-row.js';
import { AMOUNT_FIELDS, type AmountField, executionTarget, type MunicipalExecutionRecord } from '../targets/execution.target.js';
import { type HeaderMap, type ImportFilters, type ImportFormat, inFilters, mapHeader, type NormalizedRow, rowReader } from './import-format.js';

const COLUMNS: Record<string, string[]> = {
  year: ['ano', 'año', 'ano eje', 'ano_eje'],
  department: ['departamento'],
  province: ['provincia'],
  municipality: ['municipalidad'],
  pia: ['pia'],
  pim: ['pim'],
  certificacion: ['certificacion'],
  compromisoAnual: ['compromiso anual'],
  atencionCompromisoMensual: ['atencion de compromiso mensual'],
  devengado: ['devengado'],
  girado: ['girado'],
  avance: ['avance %', 'avance', 'avance (%)'],
};

export const consultaAmigableFormat: ImportFormat<MunicipalExecutionRecord> = {
  id: 'consulta-amigable',
  title: 'MEF Consulta Amigable: gasto por municipalidad (one row per municipality and year)',
  expectedColumns:
    'Año, Departamento, Provincia, Municipalidad, PIA, PIM, Certificación, Compromiso Anual, Atención de Compromiso Mensual, Devengado, Girado, Avance %',
  target: executionTarget,
  columns: { required: COLUMNS },

  uniqueKey: (r) => ({ key: `${r.ubigeo}/${r.year}`, column: 'municipality' }),

  matchHeader(cells: Cell[], row: number): HeaderMap | null {
    return mapHeader(cells, row, COLUMNS);
  },

  normalize(sheetRow: SheetRow, header: HeaderMap, filters: ImportFilters): NormalizedRow<MunicipalExecutionRecord> {
    const { row, errors, cell, problem } = rowReader(sheetRow, header);
    const municipality = parseMunicipalityLabel(cell('municipality'));
    if (municipality.ok && !inFilters(municipality.value.ubigeo, filters)) return { records: [], errors, skipped: true };

    const year = parseYear(cell('year'));
    if (year === null) problem('year', rowSays('INVALID_YEAR', { min: MIN_BUDGET_YEAR, max: new Date().getUTCFullYear() + 1 }));

    const department = parseCodeLabel(cell('department'), 2);
    if (!department.ok) problem('department', department);
    const province = parseCodeLabel(cell('province'), 4);
    if (!province.ok) problem('province', province);
    if (!municipality.ok) problem('municipality', municipality);

    if (municipality.ok && province.ok && !municipality.value.ubigeo.startsWith(province.value.code)) {
      problem('municipality', rowSays('GEOGRAPHY_MISMATCH', { ubigeo: municipality.value.ubigeo, province: province.value.code }));
    }
    if (province.ok && department.ok && !province.value.code.startsWith(department.value.code)) {
      problem('province', rowSays('GEOGRAPHY_MISMATCH.province', { province: province.value.code, department: department.value.code }));
    }

    const amounts = {} as Record<AmountField, string>;
    for (const field of AMOUNT_FIELDS) {
      const parsed = parseAmount(cell(field));
      if (parsed.ok) amounts[field] = parsed.value;
      else problem(field, parsed);
    }

    let avanceReported: string | null = null;
    const avanceCell = cell('avance');
    if (avanceCell !== null) {
      const parsed = parseAmount(typeof avanceCell === 'string' ? avanceCell.replace(/%\s*$/, '') : avanceCell);
      if (!parsed.ok) problem('avance', rowSays('INVALID_RATE'));
      else {
        avanceReported = parsed.value;
        if (amounts.pim && amounts.devengado && !avanceIsConsistent(amounts.devengado, amounts.pim, parsed.value)) {
          problem('avance', rowSays('RATE_MISMATCH', { devengado: amounts.devengado, pim: amounts.pim }));
        }
      }
    }

    if (errors.length > 0) return { records: [], errors };
    const d = department.ok ? department.value : null;
    const p = province.ok ? province.value : null;
    const m = municipality.ok ? municipality.value : null;
    return {
      errors,
      records: [
        {
          sourceRow: row,
          year: year!,
          departmentCode: d!.code,
          departmentName: d!.name,
          provinceCode: p!.code,
          provinceName: p!.name,
          ubigeo: m!.ubigeo,
          secEjec: m!.secEjec,
          mefName: m!.name,
          ...amounts,
          avanceReported,
        },
      ],
    };
  },
};

/**
 * MEF computes Avance % from its exact amounts; the export shows them rounded, and about one row in
 * two hundred of the real exports differs by 0.1 from devengado / PIM recomputed from the file. A
 * rate within 0.1 of the recomputed one is consistent; anything further means wrong or shifted columns.
 */
export function avanceIsConsistent(devengado: string, pim: string, reported: string): boolean {
  const reportedTenths = toCents(reported) / 10n; // "74.60" → 746
  const computed = executionRatePct(toCents(devengado), toCents(pim));
  if (computed === null) return reportedTenths === 0n;
  const diff = BigInt(Math.round(computed * 10)) - reportedTenths;
  return diff >= -1n && diff <= 1n;
}
