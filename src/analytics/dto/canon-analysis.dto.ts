import { PLACE_CANON_SOURCES, type PlaceCanonSource } from '../../canon/canon-received.js';
import { ApiProperty } from '@nestjs/swagger';
import { AnalysisInputsDto, AnalysisQueryDto, CoverageDto, PeriodDto } from '../analysis-query.js';
import { PricesDto, PricesProperty } from '../../prices/prices.dto.js';

export class CanonAnalysisQueryDto extends AnalysisQueryDto {}

export class CanonFiguresDto {
  @ApiProperty({
    example: '732276518.00',
    nullable: true,
    type: String,
    description:
      "Rubro 18 received (canon, sobrecanon, regalías, …): each municipality's own transfers, else its row in its department's entities file; of the totals, null unless every municipality of the selection has it for every year any has it; of a municipality, null unless it has every such year (unknown, not zero).",
  })
  transferred: string | null;

  @ApiProperty({
    example: '650000000.00',
    nullable: true,
    type: String,
    description: 'PIM on rubro 18, from the budget lines; null when no rubro-18 lines were imported.',
  })
  pim: string | null;

  @ApiProperty({ example: '430000000.00', nullable: true, type: String, description: 'Devengado on rubro 18; null when no rubro-18 lines were imported.' })
  devengado: string | null;

  @ApiProperty({
    example: '302276518.00',
    nullable: true,
    type: String,
    description: 'transferred − devengado; null unless both are known for the same years.',
  })
  unspentOfTransferred: string | null;

  @ApiProperty({ example: '220000000.00', nullable: true, type: String, description: 'PIM − devengado on rubro 18.' })
  unspentOfPim: string | null;

  @ApiProperty({
    example: 58.7,
    nullable: true,
    type: Number,
    description: 'devengado / transferred × 100 (the study: "used 59 percent of the resources transferred").',
  })
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

  @ApiProperty({ example: 6, description: 'Years with budget lines on rubro 18 in the selection.' })
  yearsWithRubro18Lines: number;
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

  @ApiProperty({
    example: '120000000.00',
    nullable: true,
    type: String,
    description:
      "Canon received in the year by the rule GET /canon/places states (each municipality's own transfers, else its row in its department's entities file); null unless every municipality of the selection has it that year (never a partial sum).",
  })
  transferred: string | null;

  @ApiProperty({
    enum: [...PLACE_CANON_SOURCES, null],
    nullable: true,
    example: 'transfers',
    description: "Where the year's figure came from: the municipalities' own transfers, the entities file, or some of each (mixed); null without a figure.",
  })
  transferSource: PlaceCanonSource | null;

  @ApiProperty({ example: '150000000.00', nullable: true, type: String, description: 'PIM on rubro 18; null without rubro-18 lines for the year.' })
  pim: string | null;

  @ApiProperty({ example: '90000000.00', nullable: true, type: String, description: 'Devengado on rubro 18; null without rubro-18 lines for the year.' })
  devengado: string | null;

  @ApiProperty({
    example: '30000000.00',
    nullable: true,
    type: String,
    description: "The year's transfers not spent: transferred − devengado; null when either is unknown.",
  })
  unspent: string | null;

  @ApiProperty({
    example: '45000000.00',
    nullable: true,
    type: String,
    description:
      'Balance carried into the next year: the unspent transfers of this and the earlier years of the period (from 0 before its first year); null from the first year with an unknown side. ' +
      'Negative when the period spent more than its transfers: that much came from the balance of transfers before the period.',
  })
  carryOver: string | null;

  @ApiProperty({
    example:
      'En 2024 se devengaron 202203213.00 de canon (rubro 18), 7531040.00 más que los 194672173.00 transferidos ese año: se gastó saldo de transferencias de años anteriores. Al menos 7531040.00 de ese saldo viene de transferencias anteriores a 2024, que este periodo no incluye.',
    nullable: true,
    type: String,
    description:
      "The year in words: what was spent of that year's transfers and what was left; where the devengado exceeds them, by how much and that earlier years' balance paid for it " +
      '(never a bare share over 100 %). null when either side is unknown; when the year’s inputs are incomplete (its coverage, judged alone), it says the finding is not stated and what is missing. In the caller’s language; figures as in the answer.',
  })
  sentence: string | null;
}

export class CanonPeriodDto {
  @ApiProperty({ type: PeriodDto })
  period: PeriodDto;

  @ApiProperty({ type: CoverageDto })
  coverage: CoverageDto;

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

  @PricesProperty()
  prices?: PricesDto;
}
