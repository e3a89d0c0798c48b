import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { RowErrorDto } from '../../common/problem.dto.js';
import { RUBROS } from '../../budget/classifiers.js';
import { BooleanParam, PageMetaDto, YearParam } from '../../common/query-params.js';
import type { Import, ImportFailure } from '../import.entity.js';
import { LangParam } from '../../i18n/lang-param.js';
import { localized, localizedNote, localizedRow } from '../../i18n/localize.js';
import { DEFAULT_LANG, type Lang } from '../../i18n/messages.js';
import { sentence } from '../../i18n/sentences.js';

export const FORMAT_CHOICES = [
  'consulta-amigable',
  'mef-gasto',
  'canon-transfers',
  'invierte',
  'population',
  'template',
  'private-contributions',
  'canon-entity-transfers',
  'canon-distribution-indices',
  'ssi-f12b',
  'ssi-detail',
  'defensoria-conflicts',
  'bcrp-series',
  'budget-by-function',
];

export class CreateImportDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    example: '(the file)',
    description:
      "The export as .xlsx or .csv (UTF-8, UTF-16 or Windows-1252; comma or semicolon), or a JSON document (UTF-8, up to 16 MB) as BCRPData's API returns a series.",
  })
  // allowed here (not validated) so that a text field "file" is answered FILE_REQUIRED, not "property file should not exist"
  @IsOptional()
  file?: unknown;

  @ApiPropertyOptional({ enum: FORMAT_CHOICES, example: 'mef-gasto', description: 'Source layout; recognised from the header when omitted.' })
  @IsOptional()
  @IsIn(FORMAT_CHOICES)
  format?: string;

  @ApiPropertyOptional({
    example: '2025-05-18',
    description:
      "The data's cut-off date (YYYY-MM-DD), a real day from 1900-01-01 (the earliest a read's snapshot= takes) to today in Lima. When omitted: the date the file states, in a cut-off column (the canon files' corte, MINAM's FECHA_CORTE), " +
      'a title row above the header, its sheet name or its file name (…_2025-02-13.csv); a file that states none is refused (422 SNAPSHOT_DATE_REQUIRED).',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'snapshotDate must be a date as YYYY-MM-DD' })
  snapshotDate?: string;

  @ApiPropertyOptional({ example: '08', description: 'Keep only rows of this department (2 digits); e.g. from a national MEF file.' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'department must be a 2-digit code such as 08' })
  department?: string;

  @ApiPropertyOptional({ example: '0808', description: 'Keep only rows of this province (4 digits).' })
  @IsOptional()
  @Matches(/^\d{4}$/, { message: 'province must be a 4-digit code such as 0808' })
  province?: string;

  @ApiPropertyOptional({ example: '080801,080803', description: 'Keep only rows of these municipalities (ubigeos, comma-separated).' })
  @IsOptional()
  @Matches(/^\d{6}(,\d{6}){0,199}$/, { message: 'municipality must be one or more 6-digit ubigeos separated by commas' })
  municipality?: string;

  @ApiPropertyOptional({
    example: '18',
    description:
      'budget-by-function only: the rubro (2 digits, e.g. 18 for canon) of every row without a rubro column of its own. ' +
      'When omitted: the rubro the file states in a title row or its name ("rubro 18", "canon"); a file that states none is refused (RUBRO_SCOPE_REQUIRED).',
  })
  @IsOptional()
  @IsIn(Object.keys(RUBROS))
  rubro?: string;

  @BooleanParam({
    example: false,
    default: false,
    description: 'Validate and report what would change (inserted / revised / unchanged, errors) without writing anything.',
  })
  dryRun?: boolean;

  @ApiPropertyOptional({
    enum: ['reject', 'skip'],
    default: 'reject',
    example: 'reject',
    description: 'reject: one bad row is enough to reject the whole file (422). skip: bad rows are left out, and listed and counted on the import.',
  })
  @IsOptional()
  @IsIn(['reject', 'skip'])
  onError?: 'reject' | 'skip';

  @BooleanParam({ example: true, description: 'Answer at once (202) and import in the background. Default: only files over BACKGROUND_IMPORT_MB (20 MB).' })
  background?: boolean;
}

export class ImportFailureDto {
  @ApiProperty({ example: 'IMPORT_REJECTED' })
  code: string;

  @ApiProperty({ example: 'The file has 2 problem(s) in 2 row(s); nothing was imported.' })
  message: string;

  @ApiPropertyOptional({ example: 2 })
  errorCount?: number;

  @ApiPropertyOptional({ example: { INVALID_AMOUNT: 2 } })
  errorsByCode?: Record<string, number>;
}

export class ImportProgressDto {
  @ApiProperty({ example: 52428800 })
  bytesRead: number;

  @ApiProperty({ example: 41.7, description: 'Percent of the file read.' })
  percent: number;

  @ApiProperty({ example: 24000, nullable: true, type: Number, description: 'Rows read per second so far.' })
  rowsPerSecond: number | null;

  @ApiProperty({ example: 35, nullable: true, type: Number, description: 'Seconds left at the pace so far (reading; the merge comes after).' })
  etaSeconds: number | null;
}

export class ImportDto {
  @ApiProperty({ example: 2, nullable: true, type: Number, description: 'null for a dry run: nothing was saved.' })
  id: number | null;

  @ApiProperty({ example: 'consulta_amigable_gasto_municipalidades_2024-2025_snap2025-05-18.xlsx' })
  fileName: string;

  @ApiProperty({ example: '9c4f1c0e2b0f5bcb1b5f0f1e8f6b5a3d7d3c2e1f0a9b8c7d6e5f4a3b2c1d0e9f' })
  sha256: string;

  @ApiProperty({ example: 349905 })
  sizeBytes: number;

  @ApiProperty({ example: 'consulta-amigable' })
  format: string;

  @ApiProperty({ enum: ['xlsx', 'csv', 'json'], example: 'xlsx' })
  fileType: string;

  @ApiProperty({
    example: '2025-05-18',
    nullable: true,
    type: String,
    description: "The data's cut-off date; null while a background import has not yet read it from its file, and for one that failed before it could.",
  })
  snapshotDate: string | null;

  @ApiProperty({
    enum: ['request', 'file', 'today', null],
    example: 'file',
    nullable: true,
    description: "Where the cut-off date came from ('today' only in imports recorded before a file had to state its date); null with no date.",
  })
  snapshotSource: string | null;

  @ApiProperty({
    example: 'completed',
    enum: ['queued', 'running', 'completed', 'rejected', 'failed'],
    description: 'queued: a background import handed back by an instance that stopped, waiting for another to run it again (within seconds).',
  })
  status: string;

  @ApiProperty({
    type: ImportProgressDto,
    description: "How far a running import has read (its latest attempt's reading: each attempt reads the file from the start).",
  })
  progress: ImportProgressDto;

  @ApiProperty({
    example: 1,
    description:
      'Which run of the file this is: 1, then one more each time an instance takes the import over from the shared spool (UPLOAD_SPOOL_DIR). Nothing of an earlier attempt was kept.',
  })
  attempt: number;

  @ApiProperty({
    enum: ['handed_back', 'lease_expired', null],
    example: null,
    nullable: true,
    description:
      'Why the latest attempt started: handed_back, the instance running it stopped (SIGTERM) and gave it back; lease_expired, the instance running it stopped renewing its lease (it died). null for a first attempt.',
  })
  takeover: 'handed_back' | 'lease_expired' | null;

  @ApiProperty({ type: ImportFailureDto, nullable: true, description: 'Why a background import was rejected or failed; its bad rows are in `errors`.' })
  failure: ImportFailureDto | null;

  @ApiProperty({ example: '2026-11-22T06:30:00.000Z', nullable: true, type: String })
  finishedAt: string | null;

  @ApiProperty({ example: 3782, description: 'Data rows read from the file.' })
  rowsRead: number;

  @ApiProperty({ example: 0, description: 'Rows left out by the filters or because they are not municipal (MEF national files).' })
  rowsSkipped: number;

  @ApiProperty({ example: 0, description: 'Rows left out because they had errors (onError=skip).' })
  rowsRejected: number;

  @ApiProperty({
    example: '/api/v1/imports/2/errors.csv',
    nullable: true,
    type: String,
    description: 'Every row problem and warning as CSV, when there are any.',
  })
  errorsCsv: string | null;

  @ApiProperty({ example: 'province=0808', description: 'The filters the file was imported with; empty for none.' })
  scope: string;

  @ApiProperty({ example: 0, description: 'Records (municipality-years, budget lines or transfers) seen for the first time.' })
  inserted: number;

  @ApiProperty({ example: 1890, description: "Municipality-years whose figures differ from the snapshot that was current at this file's cut-off date." })
  revised: number;

  @ApiProperty({ example: 1892, description: "Municipality-years identical to the snapshot that was current at this file's cut-off date." })
  unchanged: number;

  @ApiProperty({ example: [2024, 2025], type: [Number] })
  years: number[];

  @ApiProperty({
    type: [RowErrorDto],
    nullable: true,
    description:
      "The first 1,000 row problems (skipped rows, or a rejected background import's bad rows); empty when there are none. They hold the file's cell values: " +
      'null for anyone but the key that uploaded it, admins and auditors.',
  })
  errors: RowErrorDto[] | null;

  @ApiProperty({ type: [String], example: [], description: 'Notes of the whole file (e.g. municipality codes learned from its labels), in English.' })
  warnings: string[];

  @ApiProperty({
    type: [RowErrorDto],
    nullable: true,
    description:
      'The first 1,000 warnings: what looks wrong without stopping the import (DEVENGADO_OVER_PIM, CERTIFICADO_OVER_PIM, UNKNOWN_CLASSIFIER, IGNORED_COLUMN, ' +
      'REPEATED_CUI), each with its row and column; all of them in errors.csv (severity warning). Null for the same callers as `errors`.',
  })
  rowWarnings: RowErrorDto[] | null;

  @ApiProperty({ example: { IGNORED_COLUMN: 2 }, type: 'object', additionalProperties: { type: 'integer' }, description: 'Every warning counted by code.' })
  warningCounts: Record<string, number>;

  @ApiProperty({
    example: null,
    nullable: true,
    type: Number,
    description:
      'The earlier import whose figures this file repeats at the same cut-off (other bytes, same content: e.g. the xlsx of a csv already imported); nothing was stored again.',
  })
  sameContentAs: number | null;

  @ApiProperty({
    example: null,
    nullable: true,
    type: String,
    description:
      'What the import did, in words, when it is not plain from the counts: "Sin cambios: …" for a repeat of figures already held; for a duplicate sent with another snapshotDate, that the date was not applied.',
  })
  summary: string | null;

  @ApiProperty({ example: 'anonymous' })
  createdBy: string;

  @ApiProperty({ example: '2026-11-22T06:30:00.000Z' })
  createdAt: string;

  @ApiProperty({
    example: false,
    description:
      'True when this file had been imported before and that earlier import is returned unchanged (with dryRun too: a real upload would change nothing).',
  })
  duplicate: boolean;

  @ApiProperty({ example: false, description: 'True when nothing was written: the counts say what the import would do.' })
  dryRun: boolean;

  /** `rows`: whether the caller may read the file's rows (its errors' cell values); `lang`: the language of their messages. */
  static from(
    entity: Import,
    {
      duplicate = false,
      dryRun = false,
      rows = false,
      lang = DEFAULT_LANG,
      askedDate,
    }: { duplicate?: boolean; dryRun?: boolean; rows?: boolean; lang?: Lang; askedDate?: string } = {},
    now = new Date(),
  ): ImportDto {
    const size = Number(entity.sizeBytes);
    const bytesRead = entity.status === 'running' ? Number(entity.bytesRead) : entity.status === 'completed' ? size : Number(entity.bytesRead);
    const elapsed = entity.startedAt ? ((entity.finishedAt ?? now).getTime() - entity.startedAt.getTime()) / 1000 : null;
    const rowsPerSecond = elapsed && elapsed > 0 ? Math.round(entity.rowsRead / elapsed) : null;
    const bytesPerSecond = elapsed && elapsed > 0 ? bytesRead / elapsed : null;
    return {
      // a dry run's own counts have no import; a dry run of a file imported before answers that import
      id: dryRun && !duplicate ? null : entity.id,
      fileName: entity.fileName,
      sha256: entity.sha256,
      sizeBytes: Number(entity.sizeBytes),
      format: entity.format,
      fileType: entity.fileType,
      snapshotDate: entity.snapshotDate,
      snapshotSource: entity.snapshotSource,
      status: entity.status,
      progress: {
        bytesRead,
        percent: size > 0 ? Math.round((bytesRead * 1000) / size) / 10 : 100,
        rowsPerSecond,
        etaSeconds: entity.status === 'running' && bytesPerSecond ? Math.round((size - bytesRead) / bytesPerSecond) : null,
      },
      attempt: entity.attempt,
      takeover: entity.takeover,
      failure: entity.failure && localizedFailure(entity.failure, lang),
      finishedAt: entity.finishedAt?.toISOString() ?? null,
      rowsRead: entity.rowsRead,
      rowsSkipped: entity.rowsSkipped,
      rowsRejected: entity.rowsRejected,
      errorsCsv: (!dryRun || duplicate) && (entity.errors.length > 0 || entity.rowWarnings.length > 0) ? `/api/v1/imports/${entity.id}/errors.csv` : null,
      scope: entity.scope,
      inserted: entity.inserted,
      revised: entity.revised,
      unchanged: entity.unchanged,
      years: entity.years,
      errors: rows ? entity.errors.map((e) => localizedRow(e, lang)) : null,
      // stored in English; worded in the reader's language (IMPORT_NOTES)
      warnings: entity.warnings.map((w) => localizedNote(w, lang)),
      rowWarnings: rows ? entity.rowWarnings.map((e) => localizedRow(e, lang)) : null,
      warningCounts: entity.warningCounts,
      sameContentAs: entity.sameContentAs,
      // (an import unchanged from another was read whole: its date is known)
      summary:
        duplicate && askedDate !== undefined && askedDate !== entity.snapshotDate
          ? sentence('import.duplicateOtherDate', lang, { id: entity.id, date: entity.snapshotDate ?? '—', asked: askedDate })
          : entity.sameContentAs === null
            ? null
            : sentence('import.sameContent', lang, { id: entity.sameContentAs, date: entity.snapshotDate ?? '' }),
      createdBy: entity.createdBy,
      createdAt: entity.createdAt.toISOString(),
      duplicate,
      dryRun,
    };
  }
}

/** A stored failure as callers see it: its message in `lang`, without the key and parameters it is stored with. */
function localizedFailure({ key, params, ...failure }: ImportFailure, lang: Lang): ImportFailureDto {
  return { ...failure, message: localized(failure.code, failure.message, lang, key, params) };
}

export class ImportPageDto extends PageMetaDto {
  @ApiProperty({ type: [ImportDto] })
  items: ImportDto[];
}

export class TemplateQueryDto {
  @ApiPropertyOptional({
    example: '080801',
    description: "Prefill the data sheet with this municipality's current budget lines (with year), to edit and upload back.",
  })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'municipality must be a 6-digit ubigeo such as 080801' })
  municipality?: string;

  @YearParam({ example: 2024, description: 'The year of the budget lines to prefill.' })
  year?: number;

  @LangParam()
  lang?: Lang;
}

/** The language of a download's messages, for links that cannot send Accept-Language. */
export class DownloadQueryDto {
  @LangParam()
  lang?: Lang;
}
