import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { GeographyFilterDto, PageDto, YearParam } from '../../common/query-params.js';
import { PricesDto, PricesProperty, PricesQueryDto } from '../../prices/prices.dto.js';

export const GROUP_BY = ['municipality', 'province', 'department', 'year', 'function', 'division', 'group', 'rubro', 'fuente', 'project'] as const;
export const LEVELS = ['municipality', 'detail'] as const;
export type GroupBy = (typeof GROUP_BY)[number];
export const SORT_FIELDS = ['key', 'name', 'pia', 'pim', 'devengado', 'unspent', 'executionRatePct', 'pimPerCapita', 'devengadoPerCapita'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

export class YearRangeDto {
  @YearParam({ example: 2022, description: 'One year. Use fromYear/toYear for a range; with neither, every year.' })
  year?: number;

  @YearParam({ example: 2019, description: 'First year of a range.' })
  fromYear?: number;

  @YearParam({ example: 2024, description: 'Last year of a range.' })
  toYear?: number;
}

export class ExecutionQueryDto extends IntersectionType(GeographyFilterDto, YearRangeDto, PageDto, PricesQueryDto) {
  @ApiPropertyOptional({
    enum: GROUP_BY,
    default: 'municipality',
    description:
      'One row per municipality, province, department or year; or, from budget lines (level=detail), per función, división, grupo funcional, rubro, fuente or project.',
  })
  @IsOptional()
  @IsIn(GROUP_BY)
  groupBy?: GroupBy;

  @ApiPropertyOptional({
    enum: LEVELS,
    description:
      'Which data to read: municipality = the Consulta Amigable totals of each municipality-year; detail = the budget lines from MEF open data. ' +
      'The two are never added together. Default: detail when groupBy or a filter needs budget lines, else municipality.',
  })
  @IsOptional()
  @IsIn(LEVELS)
  level?: 'municipality' | 'detail';

  @ApiPropertyOptional({ example: '20', description: 'Budget lines of this función (2 digits), e.g. 20 = Salud.' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'function must be a 2-digit code such as 20' })
  function?: string;

  @ApiPropertyOptional({ example: '18', description: 'Budget lines of this rubro (2 digits), e.g. 18 = canon, sobrecanon, regalías.' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'rubro must be a 2-digit code such as 18' })
  rubro?: string;

  @ApiPropertyOptional({ example: '2250000', description: 'Budget lines of this project (CUI) or activity code.' })
  @IsOptional()
  @Matches(/^\d{1,12}$/, { message: 'project must be a numeric code' })
  project?: string;

  @ApiPropertyOptional({ enum: SORT_FIELDS, default: 'key' })
  @IsOptional()
  @IsIn(SORT_FIELDS)
  sort?: SortField;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

export class RankingQueryDto extends IntersectionType(GeographyFilterDto, PageDto, PricesQueryDto) {
  @YearParam({ example: 2024, description: 'The year to rank.', required: true })
  year: number;

  @ApiPropertyOptional({ enum: SORT_FIELDS.filter((f) => f !== 'key' && f !== 'name'), default: 'executionRatePct' })
  @IsOptional()
  @IsIn(SORT_FIELDS.filter((f) => f !== 'key' && f !== 'name'))
  by?: SortField;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc', description: 'desc: rank 1 is the highest value.' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

export class HistoryQueryDto extends PricesQueryDto {
  @ApiPropertyOptional({ example: '080801', description: 'A municipality (6-digit ubigeo): its own snapshots.' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'municipality must be a 6-digit ubigeo such as 080801' })
  municipality?: string;

  @ApiPropertyOptional({ example: '0808', description: "A province (4 digits): at each cut-off, the sum of its municipalities' figures as they stood then." })
  @IsOptional()
  @Matches(/^\d{4}$/, { message: 'province must be a 4-digit code such as 0808' })
  province?: string;

  @ApiPropertyOptional({ example: '08', description: "A department (2 digits): at each cut-off, the sum of its municipalities' figures as they stood then." })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'department must be a 2-digit code such as 08' })
  department?: string;

  @YearParam({ example: 2024, description: 'One year; every year when omitted.' })
  year?: number;
}

/** The budget figures every row and total carries. Amounts are exact decimal strings in soles. */
export class ExecutionFiguresDto {
  @ApiProperty({ example: '210006680.00', description: 'Presupuesto Institucional de Apertura (initial budget).' })
  pia: string;

  @ApiProperty({ example: '450564829.00', description: 'Presupuesto Institucional Modificado (budget after modifications).' })
  pim: string;

  @ApiProperty({ example: '398308688.00' })
  certificacion: string;

  @ApiProperty({ example: '360757422.00' })
  compromisoAnual: string;

  @ApiProperty({ example: '353578075.00', nullable: true, type: String, description: 'null at detail level: MEF open data does not carry it.' })
  atencionCompromisoMensual: string | null;

  @ApiProperty({ example: '335981965.00', description: 'Accrued spending: the measure of execution.' })
  devengado: string;

  @ApiProperty({ example: '335932396.00' })
  girado: string;

  @ApiProperty({ example: 74.6, nullable: true, type: Number, description: 'devengado / PIM × 100, one decimal (MEF "Avance %"); null when PIM is 0.' })
  executionRatePct: number | null;

  @ApiProperty({ example: '114582864.00', description: 'PIM − devengado.' })
  unspent: string;

  @ApiProperty({ example: 8, description: 'Municipalities in the row.' })
  municipalities: number;

  @ApiProperty({
    example: 71456,
    nullable: true,
    type: Number,
    description: 'Average population over the years of the row; null where any municipality-year lacks one.',
  })
  population: number | null;

  @ApiProperty({ example: '6305.48', nullable: true, type: String, description: 'PIM per inhabitant per year.' })
  pimPerCapita: string | null;

  @ApiProperty({ example: '4701.88', nullable: true, type: String, description: 'Devengado per inhabitant per year.' })
  devengadoPerCapita: string | null;
}

export class ExecutionRowDto extends ExecutionFiguresDto {
  @ApiProperty({ example: '0808', description: 'Ubigeo, province or department code, or year.' })
  key: string;

  @ApiProperty({ example: 'Espinar' })
  name: string;
}

export class ExecutionMetaDto {
  @ApiProperty({ example: 'municipality' })
  groupBy: string;

  @ApiProperty({ example: 'municipality', enum: LEVELS, description: 'Which data the figures come from.' })
  level: string;

  @ApiProperty({ example: [2022], type: [Number], description: 'Years with data in the selection.' })
  years: number[];

  @ApiProperty({ example: [1, 2], type: [Number], description: 'Imports whose snapshots the figures come from.' })
  importIds: number[];

  @ApiProperty({ example: ['2025-02-13'], type: [String], description: 'Cut-off dates of those snapshots.' })
  snapshotDates: string[];

  @ApiProperty({
    example: 'Population: MINAM 2019-2023 by district; other years use the nearest year available.',
  })
  populationNote: string;

  @ApiProperty({ example: 8, description: 'Rows in all (before limit/offset).' })
  totalRows: number;

  @ApiProperty({
    example: null,
    nullable: true,
    type: String,
    description: 'When nothing was imported for the selection (no rows): what is missing and which file would supply it; the totals are then null, not 0.',
  })
  missing: string | null;
}

export class ExecutionResponseDto {
  @ApiProperty({ type: [ExecutionRowDto] })
  rows: ExecutionRowDto[];

  @ApiProperty({
    type: ExecutionFiguresDto,
    nullable: true,
    description: 'Sums over every row of the selection (not just this page); null when the selection has no rows (meta.missing says why).',
  })
  totals: ExecutionFiguresDto | null;

  @ApiProperty({ type: ExecutionMetaDto })
  meta: ExecutionMetaDto;

  @PricesProperty()
  prices?: PricesDto;
}

export class RankedRowDto extends ExecutionRowDto {
  @ApiProperty({ example: 1 })
  rank: number;

  @ApiProperty({ example: '0808' })
  provinceCode: string;

  @ApiProperty({ example: 'provincial', enum: ['provincial', 'district'] })
  kind: string;
}

export class RankingResponseDto {
  @ApiProperty({ example: 2024 })
  year: number;

  @ApiProperty({ example: 'executionRatePct' })
  by: string;

  @ApiProperty({ example: 112, description: 'Municipalities ranked (those with PIM > 0 in the year).' })
  total: number;

  @ApiProperty({ type: [RankedRowDto] })
  rows: RankedRowDto[];

  @PricesProperty()
  prices?: PricesDto;
}

export class SnapshotDto {
  @ApiProperty({ example: '2025-05-18' })
  snapshotDate: string;

  @ApiProperty({ example: 2, description: 'The import the snapshot came from; for a province or department, the latest import with this cut-off date.' })
  importId: number;

  @ApiProperty({ example: 'consulta_amigable_gasto_municipalidades_2024-2025_snap2025-05-18.csv' })
  fileName: string;

  @ApiProperty({ example: 2024 })
  year: number;

  @ApiProperty({ example: '136804019.00' })
  pia: string;

  @ApiProperty({ example: '259305826.00' })
  pim: string;

  @ApiProperty({ example: '216543969.00' })
  certificacion: string;

  @ApiProperty({ example: '196386519.00' })
  compromisoAnual: string;

  @ApiProperty({ example: '195278606.00' })
  atencionCompromisoMensual: string;

  @ApiProperty({ example: '178771018.00' })
  devengado: string;

  @ApiProperty({ example: '178745974.00' })
  girado: string;

  @ApiProperty({ example: 68.9, nullable: true, type: Number })
  executionRatePct: number | null;

  @ApiProperty({ example: true, description: 'The snapshot queries show for this year.' })
  current: boolean;

  @ApiProperty({
    example: 1,
    description:
      "How many municipalities' figures are summed at this cut-off: each one's latest snapshot of the year on or before the date (1 for a municipality).",
  })
  municipalities: number;

  @ApiProperty({
    example: { pim: '1250.00', devengado: '-300.00' },
    description: 'What changed against the previous snapshot of the same year (amount differences); empty for the first.',
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  changes: Record<string, string>;
}

export class HistoryResponseDto {
  @ApiProperty({ enum: ['municipality', 'province', 'department'], example: 'municipality' })
  level: 'municipality' | 'province' | 'department';

  @ApiProperty({ example: '080801', description: 'The place: a ubigeo, a province (4 digits) or a department (2).' })
  code: string;

  @ApiPropertyOptional({ example: '080801', deprecated: true, description: 'The ubigeo, for a municipality only (use code).' })
  municipality?: string;

  @ApiProperty({ example: 'Espinar' })
  name: string;

  @ApiProperty({ example: 1, description: 'How many municipalities the place has in the reference geography.' })
  municipalities: number;

  @ApiProperty({
    type: [SnapshotDto],
    description:
      "Oldest first, per year. For a province or department, one per cut-off date of any of its municipalities: a year's figures as they stood on that date.",
  })
  snapshots: SnapshotDto[];

  @PricesProperty()
  prices?: PricesDto;
}

export class ControlTotalsQueryDto extends IntersectionType(GeographyFilterDto, YearRangeDto, PricesQueryDto) {}

export class ControlFiguresDto {
  @ApiProperty({ example: '136804019.00' })
  pia: string;

  @ApiProperty({ example: '259305826.00' })
  pim: string;

  @ApiProperty({ example: '178771018.00' })
  devengado: string;
}

export class ControlTotalRowDto {
  @ApiProperty({ example: '080801' })
  ubigeo: string;

  @ApiProperty({ example: 'Espinar' })
  name: string;

  @ApiProperty({ example: 2022 })
  year: number;

  @ApiProperty({ type: ControlFiguresDto, description: 'Consulta Amigable totals (level=municipality).' })
  summary: ControlFiguresDto;

  @ApiProperty({ type: ControlFiguresDto, description: 'Sum of the budget lines (level=detail).' })
  lines: ControlFiguresDto;

  @ApiProperty({ type: ControlFiguresDto, description: 'lines − summary.' })
  difference: ControlFiguresDto;

  @ApiProperty({ example: 412 })
  lineCount: number;

  @ApiProperty({ example: true, description: 'PIA, PIM and devengado agree to the céntimo.' })
  matches: boolean;
}

export class ControlTotalsResponseDto {
  @ApiProperty({ example: 8, description: 'Municipality-years with both totals and budget lines.' })
  compared: number;

  @ApiProperty({ example: 7 })
  matching: number;

  @ApiProperty({ type: [ControlTotalRowDto] })
  rows: ControlTotalRowDto[];

  @PricesProperty()
  prices?: PricesDto;
}
