import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { CANON_SOURCES, type CanonSource } from '../../canon/canon-received.js';
import { GeographyFilterDto, PageDto, PageMetaDto } from '../../common/query-params.js';
import { YearRangeDto } from '../../execution/dto/execution.dto.js';

export class CoverageTableQueryDto extends IntersectionType(GeographyFilterDto, YearRangeDto, PageDto) {}

export class CoverageCsvQueryDto extends IntersectionType(GeographyFilterDto, YearRangeDto) {}

export class TotalsCoverageDto {
  @ApiProperty({ example: '259305826.00' })
  pim: string;

  @ApiProperty({ example: '178771018.00' })
  devengado: string;

  @ApiProperty({ example: '2025-05-18', description: 'The cut-off date of the export they come from.' })
  cutOff: string;
}

export class LinesCoverageDto {
  @ApiProperty({ example: 412, description: 'Budget lines (MEF open data or the template).' })
  lines: number;

  @ApiProperty({ example: '258100000.00' })
  pim: string;

  @ApiProperty({ example: '178700000.00' })
  devengado: string;

  @ApiProperty({
    example: 99.5,
    nullable: true,
    type: Number,
    description: 'Their PIM as a share of the Consulta Amigable PIM of the same municipality-year; null without totals (or with PIM 0) to compare.',
  })
  pimCoveragePct: number | null;

  @ApiProperty({ example: 99.96, nullable: true, type: Number, description: 'The same for the devengado.' })
  devengadoCoveragePct: number | null;

  @ApiProperty({ example: 120, description: 'Lines on rubro 18 (canon): 0 means no canon spending can be read from them.' })
  rubro18Lines: number;

  @ApiProperty({ example: 300, description: 'Lines of projects (activity kind 2).' })
  projectLines: number;

  @ApiProperty({ example: '2025-02-13' })
  cutOff: string;
}

export class CutOffDto {
  @ApiProperty({ example: '2026-12-01' })
  cutOff: string;
}

export class TransfersCoverageDto {
  @ApiProperty({
    example: '126501751.00',
    nullable: true,
    type: String,
    description: 'Rubro 18 transferred; null when the import holds concepts but no total.',
  })
  transferred: string | null;

  @ApiProperty({ example: '2024-12-31' })
  cutOff: string;

  @ApiProperty({
    enum: CANON_SOURCES,
    example: 'transfers',
    description:
      "transfers: the municipality's own rubro-18 transfers; entities: its row in its department's entities file (the same MEF measure), read where it has none of its own.",
  })
  source: CanonSource;
}

export class CoverageRowDto {
  @ApiProperty({ example: '080801' })
  ubigeo: string;

  @ApiProperty({ example: 'Espinar' })
  name: string;

  @ApiProperty({ example: 2024 })
  year: number;

  @ApiProperty({ example: 40781, nullable: true, type: Number, description: 'Inhabitants (the year, or the nearest year with a figure); null without any.' })
  population: number | null;

  @ApiProperty({ example: 2023, nullable: true, type: Number, description: 'The year the population is of.' })
  populationYear: number | null;

  @ApiProperty({ type: TotalsCoverageDto, nullable: true, description: 'Consulta Amigable totals; null when none were imported.' })
  consultaAmigable: TotalsCoverageDto | null;

  @ApiProperty({ type: LinesCoverageDto, nullable: true, description: 'Budget lines and how much of the totals they cover; null when none were imported.' })
  budgetLines: LinesCoverageDto | null;

  @ApiProperty({ type: CutOffDto, nullable: true, description: 'Budget lines by función (layout budget-by-function); null when none were imported.' })
  functionLines: CutOffDto | null;

  @ApiProperty({ type: TransfersCoverageDto, nullable: true, description: 'Canon transfers (rubro 18); null when none were imported.' })
  canonTransfers: TransfersCoverageDto | null;
}

export class CoverageSourceDto {
  @ApiProperty({ enum: ['consulta_amigable', 'budget_lines', 'function_lines', 'canon_transfers'], example: 'consulta_amigable' })
  source: 'consulta_amigable' | 'budget_lines' | 'function_lines' | 'canon_transfers';

  @ApiProperty({ example: 1232, description: 'Municipality-years of the selection it covers.' })
  municipalityYears: number;

  @ApiProperty({
    example: '2025-02-13',
    nullable: true,
    type: String,
    description: 'The earliest cut-off date among them (each municipality-year read from its latest import).',
  })
  firstCutOff: string | null;

  @ApiProperty({ example: '2025-05-18', nullable: true, type: String, description: 'The latest.' })
  lastCutOff: string | null;
}

export class CoverageTableDto extends PageMetaDto {
  @ApiProperty({
    example: 95,
    description: 'Share of the Consulta Amigable PIM and devengado the budget lines must reach for an analysis to state its findings.',
  })
  thresholdPct: number;

  @ApiProperty({ type: [CoverageSourceDto], description: 'Each dataset over the whole selection (every page).' })
  sources: CoverageSourceDto[];

  @ApiProperty({
    type: [CoverageRowDto],
    description: 'Every municipality of the selection in every year of the span (or with data), newest year first, then by ubigeo.',
  })
  items: CoverageRowDto[];
}
