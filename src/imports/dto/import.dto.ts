import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { RowErrorDto } from '../../common/problem.dto.js';
import { PageMetaDto } from '../../common/query-params.js';
import type { Import } from '../import.entity.js';

export const FORMAT_CHOICES = ['consulta-amigable', 'mef-gasto', 'canon-transfers'];

export class CreateImportDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'The export as .xlsx or .csv (UTF-8, UTF-16 or Windows-1252; comma or semicolon).' })
  file?: unknown;

  @ApiPropertyOptional({ enum: FORMAT_CHOICES, description: 'Source layout; recognised from the header when omitted.' })
  @IsOptional()
  @IsIn(FORMAT_CHOICES)
  format?: string;

  @ApiPropertyOptional({
    example: '2025-05-18',
    description: "The data's cut-off date (YYYY-MM-DD). When omitted: a date in the file's title rows or name, else today (Lima).",
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

  @ApiPropertyOptional({ example: false, default: false, description: 'Validate and report what would change (inserted / revised / unchanged, errors) without writing anything.' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  dryRun?: boolean;
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

  @ApiProperty({ enum: ['xlsx', 'csv'], example: 'xlsx' })
  fileType: string;

  @ApiProperty({ example: '2025-05-18', description: "The data's cut-off date." })
  snapshotDate: string;

  @ApiProperty({ enum: ['request', 'file', 'today'], example: 'file', description: 'Where the cut-off date came from.' })
  snapshotSource: string;

  @ApiProperty({ example: 'completed' })
  status: string;

  @ApiProperty({ example: 3782, description: 'Data rows read from the file.' })
  rowsRead: number;

  @ApiProperty({ example: 0, description: 'Rows left out by the filters or because they are not municipal (MEF national files).' })
  rowsSkipped: number;

  @ApiProperty({ example: 'province=0808', description: 'The filters the file was imported with; empty for none.' })
  scope: string;

  @ApiProperty({ example: 0, description: 'Records (municipality-years, budget lines or transfers) seen for the first time.' })
  inserted: number;

  @ApiProperty({ example: 1890, description: 'Municipality-years whose figures differ from the snapshot that was current at this file\'s cut-off date.' })
  revised: number;

  @ApiProperty({ example: 1892, description: 'Municipality-years identical to the snapshot that was current at this file\'s cut-off date.' })
  unchanged: number;

  @ApiProperty({ example: [2024, 2025], type: [Number] })
  years: number[];

  @ApiProperty({ type: [RowErrorDto], description: 'Always empty for an accepted import: a file with errors is rejected whole.' })
  errors: RowErrorDto[];

  @ApiProperty({ type: [String], example: [] })
  warnings: string[];

  @ApiProperty({ example: 'anonymous' })
  createdBy: string;

  @ApiProperty({ example: '2026-11-22T06:30:00.000Z' })
  createdAt: string;

  @ApiProperty({ example: false, description: 'True when this file had been imported before and that earlier import is returned unchanged.' })
  duplicate: boolean;

  @ApiProperty({ example: false, description: 'True when nothing was written: the counts say what the import would do.' })
  dryRun: boolean;

  static from(entity: Import, { duplicate = false, dryRun = false } = {}): ImportDto {
    return {
      id: dryRun ? null : entity.id,
      fileName: entity.fileName,
      sha256: entity.sha256,
      sizeBytes: Number(entity.sizeBytes),
      format: entity.format,
      fileType: entity.fileType,
      snapshotDate: entity.snapshotDate,
      snapshotSource: entity.snapshotSource,
      status: entity.status,
      rowsRead: entity.rowsRead,
      rowsSkipped: entity.rowsSkipped,
      scope: entity.scope,
      inserted: entity.inserted,
      revised: entity.revised,
      unchanged: entity.unchanged,
      years: entity.years,
      errors: entity.errors,
      warnings: entity.warnings,
      createdBy: entity.createdBy,
      createdAt: entity.createdAt.toISOString(),
      duplicate,
      dryRun,
    };
  }
}

export class ImportPageDto extends PageMetaDto {
  @ApiProperty({ type: [ImportDto] })
  items: ImportDto[];
}
