import type { FileKind } from '../readers/sheet-row.js';
import { bcrpSeriesFormat } from './bcrp-series.format.js';
import { budgetByFunctionFormat } from './budget-by-function.format.js';
import { canonEntityTransfersFormat } from './canon-entity-transfers.format.js';
import { canonTransfersFormat } from './canon-transfers.format.js';
import { consultaAmigableFormat } from './consulta-amigable.format.js';
import { defensoriaConflictsFormat } from './defensoria-conflicts.format.js';
import { distributionIndicesFormat } from './distribution-indices.format.js';
import type { ImportFormat } from './import-format.js';
import { invierteFormat } from './invierte.format.js';
import { mefGastoFormat } from './mef-gasto.format.js';
import { populationFormat } from './population.format.js';
import { privateContributionsFormat } from './private-contributions.format.js';
import { ssiDetailFormat } from './ssi-detail.format.js';
import { ssiF12bFormat } from './ssi-f12b.format.js';
import { templateFormat } from './template.format.js';

/** Any format: they differ in their record type, which the pipeline only passes through to the format's target. */
export type AnyFormat = ImportFormat<unknown>;

/** Every layout the service reads, in the order their headers are tried (a new layout: its format file and one line here). */
export const FORMATS: AnyFormat[] = [
  consultaAmigableFormat,
  mefGastoFormat,
  canonTransfersFormat,
  invierteFormat,
  populationFormat,
  templateFormat,
  privateContributionsFormat,
  canonEntityTransfersFormat,
  distributionIndicesFormat,
  ssiF12bFormat,
  ssiDetailFormat,
  defensoriaConflictsFormat,
  bcrpSeriesFormat,
  budgetByFunctionFormat,
];

/** The formats that read this kind of file (all, or the one asked for): JSON documents have their own layouts, spreadsheets and CSV theirs. */
export function formatsFor(kind: FileKind, formatId: string | undefined): AnyFormat[] {
  return FORMATS.filter((f) => (formatId === undefined || f.id === formatId) && (kind === 'json') === (f.jsonRows !== undefined));
}
