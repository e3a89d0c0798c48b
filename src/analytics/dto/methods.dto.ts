import { ApiProperty } from '@nestjs/swagger';

export class MethodDto {
  @ApiProperty({ example: 'executionRate', description: 'A stable key.' })
  key: string;

  @ApiProperty({ example: 'tasa de ejecución', description: 'The figure, in the caller’s language.' })
  name: string;

  @ApiProperty({ example: 'devengado ÷ PIM × 100, un decimal, redondeado alejándose de cero', description: 'How it is computed, in the caller’s language.' })
  method: string;
}

export class MethodsDto {
  @ApiProperty({ example: 95, description: 'COVERAGE_THRESHOLD_PCT: the share of the Consulta Amigable totals the budget lines must reach for a finding.' })
  thresholdPct: number;

  @ApiProperty({ type: [MethodDto], description: "The formulas, as the audit report's Methodology sheet words them, and the pages' own rules." })
  items: MethodDto[];
}
