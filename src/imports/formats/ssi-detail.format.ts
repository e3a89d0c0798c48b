import type { Cell, SheetRow } from '../readers/sheet-row.js';
import { type FollowUpRecord, workFollowUpsTarget } from '../targets/work-follow-ups.target.js';
import { type HeaderMap, type ImportFormat, mapHeader, type NormalizedRow } from './import-format.js';
import { sharedFields, SSI_SHARED, SSI_TEXT_COLUMNS, ssiRow } from './ssi-columns.js';

const REQUIRED: Record<string, string[]> = {
  cui: ['codigo_unico'],
  accruedTotal: ['dev_acumulado'],
  physicalPct: ['avan_fisico'],
  entity: ['entidad'],
};
const OPTIONAL: Record<string, string[]> = { ...SSI_SHARED, level: ['nivel'], snipCode: ['cod_snip'] };
/** AVAN_FISICO's code for "no physical progress reported". */
const NOT_REPORTED = '-1';

/**
 * MEF SSI's investment detail (traeDetInvSSI_SIAF): one investment a row, with its accumulated
 * devengado from SIAF, updated cost, physical progress (−1 = not reported), owning entity and level of
 * government, and the old SNIP code. The authority for accumulated devengado and the owning entity.
 */
export const ssiDetailFormat: ImportFormat<FollowUpRecord> = {
  id: 'ssi-detail',
  title: 'MEF SSI investment detail (detalle de inversiones)',
  expectedColumns:
    'CODIGO_UNICO, DEV_ACUMULADO, AVAN_FISICO, ENTIDAD, and optionally NIVEL, COSTO_ACTUALIZADO, MTO_VIABLE, FECHA_ULT_ACT_F12B, FEC_INI_EJ, FEC_FIN_EJ, MODAL_EJEC, COD_SNIP',
  target: workFollowUpsTarget,
  placedByTarget: true,
  textColumns: SSI_TEXT_COLUMNS,
  uniqueKey: (r) => ({ key: r.cui, column: 'cui' }),

  matchHeader(cells: Cell[], row: number): HeaderMap | null {
    return mapHeader(cells, row, REQUIRED, OPTIONAL);
  },

  normalize(sheetRow: SheetRow, header: HeaderMap): NormalizedRow<FollowUpRecord> {
    const { row, errors, fields: f, rounded } = ssiRow(sheetRow, header);
    const snip = f.text('snipCode');
    const record: FollowUpRecord = {
      sourceRow: row,
      source: 'detail',
      cui: f.cui(),
      ...sharedFields(f),
      entity: f.text('entity'),
      level: f.text('level'),
      snipCode: null,
      accruedTotal: f.money('accruedTotal'),
      physicalPct: f.percent('physicalPct', NOT_REPORTED),
      financialPct: null,
      stalled: null,
      lastSituation: null,
      lastProblem: null,
      roundedAmounts: null,
    };
    if (snip !== null) {
      const code = snip.replace(/\.0+$/, '');
      if (/^\d{1,12}$/.test(code)) record.snipCode = code;
      else errors.push({ row, column: header.label.snipCode, code: 'INVALID_CODE', message: 'COD_SNIP must be a numeric code', value: snip });
    }
    if (record.level !== null && record.level.length > 4) {
      errors.push({ row, column: header.label.level, code: 'INVALID_VALUE', message: 'NIVEL must be GL, GR or GN', value: record.level });
    }
    record.roundedAmounts = rounded.join('\n') || null;
    return errors.length > 0 ? { records: [], errors } : { records: [record], errors };
  },
};
