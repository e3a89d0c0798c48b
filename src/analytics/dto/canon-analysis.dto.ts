import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { GeographyFilterDto } from '../../common/query-params.js';
import { YearRangeDto } from '../../execution/dto/execution.dto.js';

export class CanonAnalysisQueryDto extends IntersectionType(GeographyFilterDto, YearRangeDto) {}

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

export class CanonAnalysisResponseDto {
  @ApiProperty({ type: [CanonAnalysisRowDto] })
  rows: CanonAnalysisRowDto[];

  @ApiProperty({ type: CanonFiguresDto })
  totals: CanonFiguresDto;

  @ApiProperty({ example: [2019, 2020], type: [Number] })
  years: number[];
}
