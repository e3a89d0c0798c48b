import { applyDecorators, HttpStatus, ValidationPipe } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { DomainError } from './domain-error.js';

/** A budget year in a query string: a whole number from 1999 (the first SIAF year) to 2100. */
export function YearParam(options: { example: number; description?: string; required?: boolean }): PropertyDecorator {
  const { required = false, ...doc } = options;
  return applyDecorators(
    required ? ApiProperty(doc) : ApiPropertyOptional(doc),
    ...(required ? [] : [IsOptional()]),
    Type(() => Number),
    IsInt(),
    Min(1999),
    Max(2100),
  );
}

/** An optional true/false sent as text (multipart fields and query strings carry strings). */
export function BooleanParam(doc: { example: boolean; description: string; default?: boolean }): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional(doc),
    IsOptional(),
    Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)),
    IsBoolean(),
  );
}

/** Filters that pick a set of municipalities; shared by every read endpoint. */
export class GeographyFilterDto {
  @ApiPropertyOptional({ example: '08', description: 'Department code (2 digits), e.g. 08 = Cusco.' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'department must be a 2-digit code such as 08' })
  department?: string;

  @ApiPropertyOptional({ example: '0808', description: 'Province code (4 digits), e.g. 0808 = Espinar.' })
  @IsOptional()
  @Matches(/^\d{4}$/, { message: 'province must be a 4-digit code such as 0808' })
  province?: string;

  @ApiPropertyOptional({ example: '080801', description: 'Municipality ubigeo (6 digits), or several separated by commas.' })
  @IsOptional()
  @Matches(/^\d{6}(,\d{6}){0,199}$/, { message: 'municipality must be a 6-digit ubigeo such as 080801, or a comma-separated list of them' })
  municipality?: string;

  @ApiPropertyOptional({ enum: ['provincial', 'district'], description: 'Only provincial or only district municipalities.' })
  @IsOptional()
  @IsIn(['provincial', 'district'])
  kind?: 'provincial' | 'district';
}

export class PageDto {
  @ApiPropertyOptional({ example: 100, minimum: 1, maximum: 2000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2000)
  limit?: number;

  @ApiPropertyOptional({ example: 0, minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}

/** What every paged list answers besides its items. */
export class PageMetaDto {
  @ApiProperty({ example: 8, description: 'Items in all.' })
  total: number;

  @ApiProperty({ example: 100 })
  limit: number;

  @ApiProperty({ example: 0 })
  offset: number;
}

/** Builds a parameterised WHERE clause over the municipality table aliased `m`. */
/** Adds `sql`, whose `?` stands for `value`, to a parameterised WHERE list. */
export function whereAdder(where: string[], params: unknown[]): (sql: string, value: unknown) => void {
  return (sql, value) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
}

export function geographyWhere(filter: GeographyFilterDto, params: unknown[]): string[] {
  const where: string[] = [];
  const add = whereAdder(where, params);
  if (filter.department) add('m.department_code = ?', filter.department);
  if (filter.province) add('m.province_code = ?', filter.province);
  if (filter.municipality) add('m.ubigeo = ANY(?)', filter.municipality.split(','));
  if (filter.kind) add('m.kind = ?', filter.kind);
  return where;
}

/**
 * The same filter over a table keyed by ubigeo (a rollup's `alias.ubigeo`, COLLATE "C"), as ranges of
 * the ubigeo itself so that its index answers: a ubigeo is DDPPdd, department and province its prefixes.
 */
export function ubigeoWhere(filter: GeographyFilterDto, alias: string, params: unknown[]): string[] {
  const where: string[] = [];
  const push = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  for (const prefix of [filter.department, filter.province]) {
    if (prefix) where.push(`${alias}.ubigeo BETWEEN ${push(prefix.padEnd(6, '0'))} AND ${push(prefix.padEnd(6, '9'))}`);
  }
  if (filter.municipality) where.push(`${alias}.ubigeo = ANY(${push(filter.municipality.split(','))}::varchar[])`);
  if (filter.kind) where.push(`${alias}.ubigeo IN (SELECT ubigeo FROM municipality WHERE kind = ${push(filter.kind)})`);
  return where;
}

export interface YearSpan {
  fromYear?: number;
  toYear?: number;
}

/** year, or fromYear/toYear, as one span; both at once, or a reversed range, is a bad request. */
export function yearSpan(q: { year?: number; fromYear?: number; toYear?: number }): YearSpan {
  if (q.year !== undefined && (q.fromYear !== undefined || q.toYear !== undefined)) {
    throw new DomainError(HttpStatus.BAD_REQUEST, 'INVALID_REQUEST', 'Give either year or fromYear/toYear, not both.');
  }
  if (q.fromYear !== undefined && q.toYear !== undefined && q.fromYear > q.toYear) {
    throw new DomainError(HttpStatus.BAD_REQUEST, 'INVALID_REQUEST', 'fromYear must not be after toYear.');
  }
  return q.year !== undefined ? { fromYear: q.year, toYear: q.year } : { fromYear: q.fromYear, toYear: q.toYear };
}

/** Adds the span's bounds on `column` to a parameterised WHERE list. */
export function yearWhere(span: YearSpan, column: string, params: unknown[], where: string[]): string[] {
  if (span.fromYear !== undefined) {
    params.push(span.fromYear);
    where.push(`${column} >= $${params.length}`);
  }
  if (span.toYear !== undefined) {
    params.push(span.toYear);
    where.push(`${column} <= $${params.length}`);
  }
  return where;
}

const queryPipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false });

/** Validates and converts a query object into `cls` the way the global pipe would (for routes that pick their DTO late). */
export function validated<T extends object>(cls: new () => T, value: unknown): Promise<T> {
  return queryPipe.transform(value, { type: 'query', metatype: cls });
}
