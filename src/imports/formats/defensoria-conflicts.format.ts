import { rowSays } from '../../common/domain-error.js';
import { ssiYesNo } from '../parsing/ssi.js';
import type { Cell, SheetRow } from '../readers/sheet-row.js';
import { conflictCasesTarget, type ConflictCaseRecord } from '../targets/conflict-cases.target.js';
import { type HeaderMap, type ImportFormat, mapHeader, type NormalizedRow, rowReader } from './import-format.js';

const COLUMNS = {
  caseName: ['caso'],
  department: ['departamento'],
  province: ['provincia'],
  district: ['distrito'],
  company: ['empresa'],
  state: ['estado'],
  phase: ['fase'],
  violence: ['vio_if', 'violencia'],
  dialogue: ['dial_if', 'dialogo'],
};
const OPTIONAL = { kind: ['tipo'], activity: ['actividad'], competence: ['competencia'], latitude: ['lat', 'latitud'], longitude: ['lon', 'longitud'] };

/** What the report writes where it names no province or district. */
const NOT_DETAILED = new Set(['', 'NO DETALLA', 'NO DETALLADO', 'NO PRECISA']);
const COORDINATE = /^-?\d{1,3}(?:\.\d{1,15})?$/;

/**
 * The Defensoría del Pueblo's mining social-conflict cases (the monthly "Reporte de conflictos sociales"
 * as compiled into a table: caso, departamento, provincia, distrito, empresa, estado, fase, vio_if,
 * dial_if, lat, lon). Places come by name: the target resolves them to ubigeos with the reference
 * geography, and a name that matches no place or several is a row error, never a guess. An import is
 * the whole report of its cut-off: reads show the latest one.
 */
export const defensoriaConflictsFormat: ImportFormat<ConflictCaseRecord> = {
  id: 'defensoria-conflicts',
  title: "Defensoría del Pueblo's social-conflict cases (mining), by place",
  expectedColumns: 'caso, departamento, provincia, distrito, empresa, estado, fase, vio_if, dial_if (tipo, actividad, competencia, lat, lon optional)',
  columns: { required: COLUMNS, optional: OPTIONAL },
  target: conflictCasesTarget,
  textColumns: ['caseName', 'company'],

  matchHeader(cells: Cell[], row: number): HeaderMap | null {
    return mapHeader(cells, row, COLUMNS, OPTIONAL);
  },

  normalize(sheetRow: SheetRow, header: HeaderMap): NormalizedRow<ConflictCaseRecord> {
    const { row, errors, cell, problem, has } = rowReader(sheetRow, header);
    const text = (key: string) => String(cell(key) ?? '').trim();
    const required = (key: string) => {
      const value = text(key);
      if (!value) problem(key, rowSays('MISSING_VALUE.column', { column: header.label[key] }));
      return value;
    };
    const named = (key: string) => (NOT_DETAILED.has(text(key).toUpperCase()) ? null : text(key));
    const optional = (key: string) => (has(key) && text(key) ? text(key) : null);
    const yesNo = (key: string) => {
      const parsed = ssiYesNo(text(key));
      if (!parsed.ok) problem(key, parsed);
      return parsed.ok && parsed.value;
    };
    const coordinate = (key: string, max: number) => {
      const value = optional(key);
      if (value === null) return null;
      if (!COORDINATE.test(value) || Math.abs(Number(value)) > max) {
        problem(key, rowSays('INVALID_COORDINATE', { max }));
        return null;
      }
      return value;
    };
    const record: ConflictCaseRecord = {
      sourceRow: row,
      caseName: required('caseName'),
      department: required('department'),
      province: named('province'),
      district: named('district'),
      company: required('company'),
      kind: optional('kind'),
      activity: optional('activity'),
      state: required('state'),
      phase: required('phase'),
      violence: yesNo('violence'),
      dialogue: yesNo('dialogue'),
      competence: optional('competence'),
      latitude: coordinate('latitude', 90),
      longitude: coordinate('longitude', 180),
    };
    return errors.length > 0 ? { records: [], errors } : { records: [record], errors };
  },
};
