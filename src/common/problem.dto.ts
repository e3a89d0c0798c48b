import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PROBLEMS } from '../i18n/problems.js';

/** Every code a problem answer can have, once each, from the registry. */
const PROBLEM_CODES = [...new Set(Object.keys(PROBLEMS).map((key) => key.split('.')[0]))];

export class RowErrorDto {
  @ApiPropertyOptional({ example: 'Datos', nullable: true, type: String, description: 'The worksheet, for a workbook.' })
  sheet?: string | null;

  @ApiProperty({ example: 7, description: 'Row number as a spreadsheet program shows it (header = row 1 in MEF exports).' })
  row: number;

  @ApiProperty({ example: 'PIM', nullable: true, type: String, description: 'Column header as written in the file.' })
  column: string | null;

  @ApiProperty({ example: 'INVALID_AMOUNT', description: 'Stable code for the problem.' })
  code: string;

  @ApiProperty({ example: 'not a number' })
  message: string;

  @ApiPropertyOptional({ example: '12,3x4', nullable: true, type: String, description: 'The offending value, cut to 100 characters.' })
  value?: string | null;
}

export class ColumnSuggestionDto {
  @ApiProperty({ example: 'Devengad', description: 'A header of the file that no column of the layout has.' })
  column: string;

  @ApiProperty({ example: 'Devengado', description: 'The missing column it most likely is (fewest edits).' })
  didYouMean: string;
}

/**
 * Every error response has this shape (served as application/problem+json, with Content-Language).
 * Codes and messages: docs/ERRORS.md.
 */
export class ProblemDto {
  @ApiProperty({ example: 422 })
  status: number;

  @ApiProperty({ example: 'IMPORT_REJECTED', description: `Stable, machine-readable code (docs/ERRORS.md): ${PROBLEM_CODES.join(', ')}.` })
  code: string;

  @ApiProperty({
    example: 'El archivo tiene 2 problema(s) en 2 fila(s); no se importó nada.',
    description: 'For people, in Spanish (es-PE) unless Accept-Language prefers English (or `lang=en` on a download); also the messages of `errors`.',
  })
  message: string;

  @ApiPropertyOptional({ type: [RowErrorDto], description: 'For uploads: the rows and columns at fault (the first 1,000).' })
  errors?: RowErrorDto[];

  @ApiPropertyOptional({ example: 2, description: 'For uploads: how many problems there were in all.' })
  errorCount?: number;

  @ApiPropertyOptional({ example: { INVALID_AMOUNT: 1, RATE_MISMATCH: 1 }, description: 'For uploads: problems counted by code.' })
  errorsByCode?: Record<string, number>;

  @ApiPropertyOptional({
    example: ['year must not be less than 1999'],
    type: [String],
    description: 'For invalid requests: what is wrong with the parameters.',
  })
  details?: string[];

  @ApiPropertyOptional({ example: 'consulta-amigable', description: 'UNRECOGNIZED_LAYOUT: the known layout the header row comes closest to.' })
  layout?: string;

  @ApiPropertyOptional({ example: ['Devengado'], type: [String], description: 'UNRECOGNIZED_LAYOUT: the columns of that layout the header lacks.' })
  missing?: string[];

  @ApiPropertyOptional({ example: ['Devengad'], type: [String], description: 'UNRECOGNIZED_LAYOUT: the headers that are none of its columns.' })
  unknown?: string[];

  @ApiPropertyOptional({ type: [ColumnSuggestionDto], description: 'UNRECOGNIZED_LAYOUT: for unknown headers close to a missing column, that column.' })
  suggestions?: ColumnSuggestionDto[];

  @ApiPropertyOptional({ example: [2026], type: [Number], description: 'PRICE_INDEX_MISSING: the years without all 12 months of the price index.' })
  years?: number[];

  @ApiPropertyOptional({
    example: '3f1c2b1e-8a9e-4c44-9b7a-2f0a8d9f1c11',
    description: 'For internal errors: the same as requestId; quote it when reporting the problem.',
  })
  correlationId?: string;

  @ApiProperty({
    example: '3f1c2b1e-8a9e-4c44-9b7a-2f0a8d9f1c11',
    description:
      "The request's id, as in its X-Request-Id header and in the service's log line for it: the client's own X-Request-Id when it sent a sane one (up to 64 of A-Z a-z 0-9 . _ -), else a new UUID.",
  })
  requestId: string;
}
