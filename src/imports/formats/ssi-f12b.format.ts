import type { Cell, SheetRow } from '../readers/sheet-row.js';
import { type FollowUpRecord, workFollowUpsTarget } from '../targets/work-follow-ups.target.js';
import { type HeaderMap, type ImportFormat, mapHeader, type NormalizedRow } from './import-format.js';
import { sharedFields, SSI_SHARED, SSI_TEXT_COLUMNS, ssiRow } from './ssi-columns.js';

const REQUIRED: Record<string, string[]> = {
  cui: ['codigo_unico'],
  physicalPct: ['porc_avance_fis'],
  financialPct: ['porc_avance_ejec'],
  stalled: ['ind_paralizada'],
};
const OPTIONAL: Record<string, string[]> = { ...SSI_SHARED, lastSituation: ['ult_estado_situacional'], lastProblem: ['ult_problema'] };

/**
 * MEF SSI's Formato 12-B follow-up (traeInfSeguimF12B): one investment a row, with the physical and
 * financial progress its executing unit last registered, whether it is stalled, the planned start and
 * end, the modality, and the last situation and problem in words (quoted, spanning lines). The
 * authority for physical progress and planned dates.
 */
export const ssiF12bFormat: ImportFormat<FollowUpRecord> = {
  id: 'ssi-f12b',
  title: 'MEF SSI Formato 12-B follow-up (seguimiento de inversiones)',
  expectedColumns:
    'CODIGO_UNICO, PORC_AVANCE_FIS, PORC_AVANCE_EJEC, IND_PARALIZADA, and optionally FECHA_ULT_ACT_F12B, FEC_INI_EJ, FEC_FIN_EJ, COSTO_ACTUALIZADO, MTO_VIABLE, MODAL_EJEC, ULT_ESTADO_SITUACIONAL, ULT_PROBLEMA',
  target: workFollowUpsTarget,
  placedByTarget: true,
  textColumns: SSI_TEXT_COLUMNS,
  uniqueKey: (r) => ({ key: r.cui, column: 'cui' }),

  matchHeader(cells: Cell[], row: number): HeaderMap | null {
    return mapHeader(cells, row, REQUIRED, OPTIONAL);
  },

  normalize(sheetRow: SheetRow, header: HeaderMap): NormalizedRow<FollowUpRecord> {
    const { row, errors, fields: f, rounded } = ssiRow(sheetRow, header);
    const record: FollowUpRecord = {
      sourceRow: row,
      source: 'f12b',
      cui: f.cui(),
      ...sharedFields(f),
      entity: null,
      level: null,
      snipCode: null,
      accruedTotal: null,
      physicalPct: f.percent('physicalPct'),
      financialPct: f.percent('financialPct'),
      stalled: f.yesNo('stalled'),
      lastSituation: f.text('lastSituation'),
      lastProblem: f.text('lastProblem'),
      roundedAmounts: null,
    };
    record.roundedAmounts = rounded.join('\n') || null;
    return errors.length > 0 ? { records: [], errors } : { records: [record], errors };
  },
};
