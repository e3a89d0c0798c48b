import { rowSays } from '../../common/domain-error.js';
import { parseAmount } from '../parsing/amount.js';
import { looksMisEncoded, misEncodedNote } from '../parsing/mis-encoding.js';
import { amountToCentimo } from '../parsing/sub-centimo.js';
import { parseUbigeo } from '../parsing/codes.js';
import type { Cell, SheetRow } from '../readers/sheet-row.js';
import { projectsTarget, type ProjectRecord } from '../targets/projects.target.js';
import { type HeaderMap, type ImportFilters, type ImportFormat, inFilters, mapHeader, type NormalizedRow, rowReader } from './import-format.js';

const REQUIRED: Record<string, string[]> = {
  cui: ['codigo unico de inversion', 'codigo unico de inversiones', 'cui'],
  name: ['nombre de la inversion', 'nombre del proyecto'],
  viableAmount: ['monto viable', 'monto viable / aprobado'],
  updatedCost: ['costo actualizado'],
};
const OPTIONAL: Record<string, string[]> = {
  snip: ['codigo snip'],
  status: ['estado de la inversion', 'estado'],
  sector: ['sector'],
  entity: ['entidad'],
  executor: ['ejecutora', 'unidad ejecutora'],
  registeredOn: ['fecha de registro'],
  viableOn: ['fecha de viabilidad'],
  beneficiaries: ['beneficiarios'],
  ubigeo: ['ubigeo'],
  // read only to report names mis-encoded in the source: the project is placed by its ubigeo
  department: ['departamento'],
  province: ['provincia'],
  district: ['distrito'],
};
/** Texts checked for mis-encoding. */
const NAMED_COLUMNS = ['name', 'entity', 'executor', 'sector', 'status', 'department', 'province', 'district'];

/** Codes a spreadsheet turned into numbers come back as "2480997.0": whole numbers only. */
function codeOf(cell: Cell, width: number): string | null {
  const text =
    typeof cell === 'number'
      ? String(cell)
      : String(cell ?? '')
          .trim()
          .replace(/\.0+$/, '');
  return /^\d+$/.test(text) && text.length <= width ? text : null;
}

/**
 * Dates as the registry export gives them: a spreadsheet serial number (days since 1899-12-30 in the
 * 1900 date system, since 1904-01-01 in the 1904 one), ISO yyyy-mm-dd, or Peru's dd/mm/yyyy. Computed
 * in UTC: the server's time zone (America/Lima, UTC−5) never moves a day.
 */
export function dateOf(cell: Cell, date1904 = false): string | null | undefined {
  if (cell === null || cell === '') return null;
  const text = String(cell).trim();
  let iso: string | undefined;
  const serial = /^\d{4,5}(\.0+)?$/.test(text) ? Number(text) : NaN;
  if (serial >= 367 && serial <= 73050)
    iso = new Date((date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30)) + serial * 86_400_000).toISOString().slice(0, 10);
  else if (/^\d{4}-\d{2}-\d{2}/.test(text)) iso = text.slice(0, 10);
  else {
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
    if (m) iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  }
  if (!iso) return undefined;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso) ? iso : undefined;
}

export const invierteFormat: ImportFormat<ProjectRecord> = {
  id: 'invierte',
  title: 'Invierte.pe registry export (Banco de Inversiones)',
  expectedColumns:
    'Código único de inversión, Nombre de la inversión, Monto viable, Costo actualizado, and optionally Estado de la inversión, Entidad, Ejecutora, Fecha de registro, Fecha de viabilidad, Beneficiarios, Ubigeo',
  target: projectsTarget,
  textColumns: ['name', 'entity', 'executor', 'sector', 'status', 'department', 'province', 'district'],

  // The registry lists a project once per district it spans; the same project and district twice is a repeat.
  uniqueKey: (r) => ({ key: `${r.cui}/${r.locationUbigeo ?? ''}`, column: 'cui' }),

  columns: { required: REQUIRED, optional: OPTIONAL },

  matchHeader(cells: Cell[], row: number): HeaderMap | null {
    return mapHeader(cells, row, REQUIRED, OPTIONAL);
  },

  normalize(sheetRow: SheetRow, header: HeaderMap, filters: ImportFilters): NormalizedRow<ProjectRecord> {
    const { row, errors, cell, problem, has } = rowReader(sheetRow, header);
    const text = (key: string) => {
      const v = cell(key);
      return v === null ? null : String(v).trim() || null;
    };

    let locationUbigeo: string | null = null;
    if (has('ubigeo') && cell('ubigeo') !== null) {
      locationUbigeo = parseUbigeo(cell('ubigeo'));
      if (!locationUbigeo) problem('ubigeo', rowSays('INVALID_UBIGEO.districtCode', { column: 'Ubigeo' }));
    }
    const anyFilter = filters.department || filters.province || filters.municipalities;
    if (anyFilter && (!locationUbigeo || !inFilters(locationUbigeo, filters))) return { records: [], errors, skipped: true };

    const cui = codeOf(cell('cui'), 12);
    if (!cui) problem('cui', rowSays('INVALID_CODE.cui'));
    const name = text('name');
    if (!name) problem('name', rowSays('MISSING_VALUE.projectName'));
    const snipCode = has('snip') && cell('snip') !== null ? codeOf(cell('snip'), 12) : null;
    if (has('snip') && cell('snip') !== null && !snipCode) problem('snip', rowSays('INVALID_CODE.snip'));

    const rounded: string[] = [];
    const money = (key: string): string | null => {
      if (cell(key) === null) return null;
      const raw = cell(key);
      // "608275.958": some registry exports carry a third decimal
      const parsed =
        typeof raw === 'string' && /^\d+\.\d{3,6}$/.test(raw.trim())
          ? amountToCentimo(raw.trim(), rounded, header.label[key], row)
          : parseAmount(raw, { exponent: true });
      if (parsed.ok) return parsed.value;
      problem(key, parsed);
      return null;
    };
    const date = (key: string): string | null => {
      if (!has(key)) return null;
      const d = dateOf(cell(key), sheetRow.date1904);
      if (d === undefined) problem(key, rowSays('INVALID_DATE'));
      return d ?? null;
    };
    let beneficiaries: number | null = null;
    if (has('beneficiaries') && cell('beneficiaries') !== null) {
      const b = parseAmount(cell('beneficiaries'), { exponent: true }); // "3.6959348E7" in some exports
      if (!b.ok || !b.value.endsWith('.00') || b.value.length > 12) problem('beneficiaries', rowSays('INVALID_NUMBER.beneficiaries'));
      else beneficiaries = Number(b.value.slice(0, -3));
    }
    const record: ProjectRecord = {
      sourceRow: row,
      cui: cui ?? '',
      snipCode,
      name: name ?? '',
      entity: text('entity'),
      executor: text('executor'),
      locationUbigeo,
      sector: text('sector'),
      status: text('status'),
      registeredOn: date('registeredOn'),
      viableOn: date('viableOn'),
      beneficiaries,
      viableAmount: money('viableAmount'),
      updatedCost: money('updatedCost'),
      misEncoded:
        NAMED_COLUMNS.flatMap((key) => {
          const value = text(key);
          return value !== null && looksMisEncoded(value) ? [misEncodedNote(header.label[key], value)] : [];
        }).join('\n') || null,
      roundedAmounts: rounded.join('\n') || null,
    };
    return errors.length > 0 ? { records: [], errors } : { records: [record], errors };
  },
};
