import { ApiProperty } from '@nestjs/swagger';

/** One bundled dataset: where it comes from, under what terms, in which files (data/sources.json). */
export class SourceDto {
  @ApiProperty({ example: 'consulta-amigable-municipalidades-2015-2025' })
  id: string;

  @ApiProperty({ example: 'Ejecución del gasto de las municipalidades, 2015-2025 (corte 2025-02-13)' })
  title: string;

  @ApiProperty({ example: 'Ministerio de Economía y Finanzas (MEF), Consulta Amigable' })
  publisher: string;

  @ApiProperty({
    example:
      'https://github.com/MichaelSuarez0/Web-Scraping-Consulta-Amigable-MEF/blob/1f70d45ca008d30bc025f71f8b62caf2766b83dc/01_data/01_raw/EJECUCION_GASTO_MUNICI.xlsx',
    description: 'Where the bundled copy was taken from.',
  })
  sourceUrl: string;

  @ApiProperty({
    example: '2025-02-13',
    nullable: true,
    type: String,
    format: 'date',
    description: "The data's own cut-off date, when its publisher gives one.",
  })
  cutOff: string | null;

  @ApiProperty({ example: '2026-11-22', format: 'date', description: 'When the copy entered this project (unchanged since).' })
  retrieved: string;

  @ApiProperty({ example: 'Public information of the Peruvian State (MEF); the compiled workbook comes from a repository under MIT' })
  licence: string;

  @ApiProperty({
    type: [String],
    example: ['licenses/MIT_Web-Scraping-Consulta-Amigable-MEF.txt'],
    description: 'Licence texts that go with the files, under data/.',
  })
  licenceFiles: string[];

  @ApiProperty({
    type: [String],
    example: ['demo/consulta_amigable_gasto_municipalidades_2015-2025_snap2025-02-13.csv'],
    description: 'The files, under data/.',
  })
  files: string[];
}

export class SourceListDto {
  @ApiProperty({ type: [SourceDto] })
  items: SourceDto[];
}
