import { rowSays } from '../../common/domain-error.js';
import type { Parsed } from '../parsing/amount.js';
import { amountToCentimo } from '../parsing/sub-centimo.js';
import { ssiCalendarDate, ssiMomentDate, ssiPercent, ssiYesNo } from '../parsing/ssi.js';
import type { SheetRow } from '../readers/sheet-row.js';
import type { FollowUpRecord } from '../targets/work-follow-ups.target.js';
import { type HeaderMap, rowReader } from './import-format.js';

/** Columns both SSI layouts share, by the names SSI gives them (compared in lower case). */
export const SSI_SHARED: Record<string, string[]> = {
  unit: ['des_unidad_uei'],
  name: ['nombre_inversion'],
  viableAmount: ['mto_viable'],
  updatedCost: ['costo_actualizado'],
  reportedOn: ['fecha_ult_act_f12b'],
  plannedStart: ['fec_ini_ej'],
  plannedEnd: ['fec_fin_ej'],
  modality: ['modal_ejec'],
  situation: ['situacion'],
};
export const SSI_TEXT_COLUMNS = ['unit', 'name', 'entity', 'modality', 'lastSituation', 'lastProblem'];

/**
 * Readers of one SSI row's cells: each value, or null when the cell is empty, with a row error (row,
 * column, code) for a cell that does not read. Amounts as SSI writes them ("2592830.0"; a third decimal
 * rounded to the céntimo and noted: amountToCentimo).
 */
export function ssiRow(sheetRow: SheetRow, header: HeaderMap) {
  const { row, errors, cell, problem, has } = rowReader(sheetRow, header);
  const read = <T>(key: string, parse: (text: string) => Parsed<T>): T | null => {
    if (!has(key) || cell(key) === null) return null;
    const text = String(cell(key)).trim();
    if (text === '') return null;
    const parsed = parse(text);
    if (parsed.ok) return parsed.value;
    problem(key, parsed);
    return null;
  };
  const rounded: string[] = [];
  const fields = {
    text: (key: string) => read(key, (t) => ({ ok: true, value: t })),
    money: (key: string) => read(key, (t) => amountToCentimo(t, rounded, header.label[key] ?? key, row)),
    moment: (key: string) => read(key, ssiMomentDate),
    day: (key: string) => read(key, ssiCalendarDate),
    percent: (key: string, notReported?: string) => read(key, (t) => ssiPercent(t, notReported)) ?? null,
    yesNo: (key: string) => read(key, ssiYesNo),
    /** The CUI: digits (a spreadsheet may have added ".0"); an error when missing or not a code. */
    cui: (): string => {
      const text = String(cell('cui') ?? '')
        .trim()
        .replace(/\.0+$/, '');
      if (/^\d{1,12}$/.test(text)) return text;
      problem('cui', rowSays(text === '' ? 'MISSING_VALUE.ssiCui' : 'INVALID_CODE.ssiCui'));
      return '';
    },
  };
  return { row, errors, fields, rounded };
}

/** The fields both layouts fill the same way. */
export function sharedFields(
  f: ReturnType<typeof ssiRow>['fields'],
): Pick<FollowUpRecord, 'unit' | 'name' | 'viableAmount' | 'updatedCost' | 'reportedOn' | 'plannedStart' | 'plannedEnd' | 'modality' | 'situation'> {
  return {
    unit: f.text('unit'),
    name: f.text('name'),
    viableAmount: f.money('viableAmount'),
    updatedCost: f.money('updatedCost'),
    reportedOn: f.moment('reportedOn'),
    plannedStart: f.day('plannedStart'),
    plannedEnd: f.day('plannedEnd'),
    modality: f.text('modality'),
    situation: f.text('situation'),
  };
}
