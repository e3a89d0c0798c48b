import { ApiProperty } from '@nestjs/swagger';
import { AnalysisInputsDto, AnalysisQueryDto, PeriodDto } from '../analysis-query.js';

export class CanonAnalysisQueryDto extends AnalysisQueryDto {}

export class CanonFiguresDto {
  @ApiProperty({ example: '732276518.00', description: 'Rubro 18 transferred (canon, sobrecanon, regalías, …).' })
  transferred: string;

  @ApiProperty({ example: '650000000.00', description: 'PIM on rubro 18, from the budget lines.' })
  pim: string;

  @ApiProperty({ example: '430000000.00', description: 'Devengado on rubro 18.' })
  devengado: string;

  @ApiProperty({ example: '302276518.00', description: 'transferred − devengado.' })
  unspentOfTransferred: string;

  @ApiProperty({ example: '220000000.00', description: 'PIM − devengado on rubro 18.' })
  unspentOfPim: string;

  @ApiProperty({ example: 58.7, nullable: true, type: Number, description: 'devengado / transferred × 100 (the study: "used 59 percent of the resources transferred").' })
  utilizationPct: number | null;

  @ApiProperty({ example: 66.2, nullable: true, type: Number, description: 'devengado / PIM × 100 on rubro 18.' })
  executionPct: number | null;

  @ApiProperty({ example: 47.1, nullable: true, type: Number, description: "Share of the selection's transfers." })
  sharePct: number | null;

  @ApiProperty({ example: '3012.55', nullable: true, type: String, description: 'Transferred per inhabitant per year.' })
  transferredPerCapita: string | null;

  @ApiProperty({ example: 71.4, nullable: true, type: Number, description: "Rubro 18's share of all PIM in the budget lines: dependency on canon." })
  canonShareOfPimPct: number | null;

  @ApiProperty({ example: 6, description: 'Years with transfers in the selection.' })
  yearsWithTransfers: number;

  @ApiProperty({ example: 6, description: 'Years with budget lines in the selection.' })
  yearsWithBudget: number;
}

export class CanonAnalysisRowDto extends CanonFiguresDto {
  @ApiProperty({ example: '080801' })
  ubigeo: string;

  @ApiProperty({ example: 'Espinar' })
  name: string;
}

export class CanonYearDto {
  @ApiProperty({ example: 2022 })
  year: number;

  @ApiProperty({ example: '120000000.00' })
  transferred: string;

  @ApiProperty({ example: '150000000.00', description: 'PIM on rubro 18.' })
  pim: string;

  @ApiProperty({ example: '90000000.00', description: 'Devengado on rubro 18.' })
  devengado: string;

  @ApiProperty({ example: '30000000.00', description: "The year's transfers not spent: transferred − devengado." })
  unspent: string;

  @ApiProperty({
    example: '45000000.00',
    description: 'Balance carried into the next year: the unspent transfers of this and the earlier years of the period (from 0 before its first year).',
  })
  carryOver: string;
}

export class CanonPeriodDto {
  @ApiProperty({ type: PeriodDto })
  period: PeriodDto;

  @ApiProperty({ type: [CanonAnalysisRowDto], description: 'Per municipality; sharePct is its share of the selection’s transfers (geographic concentration).' })
  rows: CanonAnalysisRowDto[];

  @ApiProperty({ type: CanonFiguresDto })
  totals: CanonFiguresDto;

  @ApiProperty({ type: [CanonYearDto], description: 'The selection year by year, with the carry-over.' })
  byYear: CanonYearDto[];
}

export class CanonAnalysisResponseDto {
  @ApiProperty({ type: AnalysisInputsDto })
  inputs: AnalysisInputsDto;

  @ApiProperty({ type: [CanonPeriodDto] })
  periods: CanonPeriodDto[];
}
