import { applyDecorators, BadRequestException, createParamDecorator, type ExecutionContext, type PipeTransform, ValidationPipe } from '@nestjs/common';
import { ApiParam, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, ValidateBy } from 'class-validator';
import { isRealDate } from './calendar-date.js';
import { DomainError } from './domain-error.js';

/**
 * A whole number as a query string writes it: decimal digits only. Anything else (0x7E8, 2e3, +2024, 2024.0,
 * a leading space, an empty value, the param given twice) stays as it came, which IsInt then refuses: `Number()`
 * (class-transformer's Type) read 0x7E8 as 2024 and "" as 0.
 */
const WholeNumber = (): PropertyDecorator => Transform(({ value }) => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value));

/**
 * A whole number from `min` to `max` in a query string (WholeNumber). The bounds are checked only on a number:
 * a value that is not one is said once (IsInt), not also as out of bounds.
 */
export function IntIn(min: number, max: number): PropertyDecorator {
  const bound = (name: 'min' | 'max', limit: number, ok: (v: number) => boolean, words: string) =>
    ValidateBy({
      name,
      constraints: [limit],
      validator: { validate: (v: unknown) => typeof v !== 'number' || ok(v), defaultMessage: (a) => `${a?.property} ${words} ${limit}` },
    });
  return applyDecorators(
    WholeNumber(),
    IsInt(),
    bound('min', min, (v) => v >= min, 'must not be less than'),
    bound('max', max, (v) => v <= max, 'must not be greater than'),
  );
}

/** A budget year in a query string: a whole number from 1999 (the first SIAF year) to 2100. */
export function YearParam(options: { example: number; description?: string; required?: boolean }): PropertyDecorator {
  const { required = false, ...rest } = options;
  const doc = { ...rest, minimum: 1999, maximum: 2100 };
  return applyDecorators(required ? ApiProperty(doc) : ApiPropertyOptional(doc), ...(required ? [] : [IsOptional()]), IntIn(1999, 2100));
}

/** The largest id a PostgreSQL `integer` column holds: a larger one must not reach the database (it fails there). */
export const MAX_ID = 2_147_483_647;

/** Digits: an id in a path. */
class ParseIdPipe implements PipeTransform<unknown, number> {
  constructor(private readonly name: string) {}

  transform(value: unknown): number {
    if (typeof value === 'string' && /^\d{1,30}$/.test(value)) return Number(value);
    throw new BadRequestException([`${this.name} must be a whole number (an id), such as 12`]);
  }
}

/** A path parameter as the router decoded it: a custom decorator, which the global ValidationPipe leaves alone (it made `+value` of a number, so 0x0A was 10). */
const RawPathParam = createParamDecorator(
  (name: string, context: ExecutionContext) => context.switchToHttp().getRequest<{ params: Record<string, string> }>().params[name],
);

/**
 * A database id in the path: digits, else 400 INVALID_REQUEST naming the parameter (Nest's ParseIntPipe
 * answered a bare BAD_REQUEST, and took 1e1 or 0x0A for 10). One no row can have, past MAX_ID, is the route's own 404.
 */
export const IdPath =
  (name = 'id'): ParameterDecorator =>
  (target, method, index) => {
    RawPathParam(name, new ParseIdPipe(name))(target, method, index);
    // the API document's parameter, which a custom decorator does not give
    if (method !== undefined)
      ApiParam({ name, schema: { type: 'integer', minimum: 0, example: 1 } })(target, method, Object.getOwnPropertyDescriptor(target, method)!);
  };

/** An optional database id (a version, a key) in a query string: a whole number from 1 to MAX_ID. */
export function IdParam(doc: { example: number; description: string }): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ ...doc, minimum: 1, maximum: MAX_ID }), IsOptional(), IntIn(1, MAX_ID));
}

/** Days a date parameter may name: wide enough for any budget year (1999-2100) and the audit trail. */
export const DATE_RANGE = { from: '1900-01-01', to: '2100-12-31' } as const;

/**
 * An optional day in a query string, YYYY-MM-DD: a real calendar day (not 2025-02-30) within DATE_RANGE,
 * so that nothing PostgreSQL would refuse as a date reaches it.
 */
export function DateParam(doc: { example: string; description: string }): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ ...doc, format: 'date', description: `${doc.description} A real calendar day from ${DATE_RANGE.from} to ${DATE_RANGE.to}.` }),
    IsOptional(),
    ValidateBy({
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value),
        defaultMessage: (args) =>
          `${args?.property} must be a real calendar date as YYYY-MM-DD from ${DATE_RANGE.from} to ${DATE_RANGE.to}, such as 2025-02-13`,
      },
    }),
  );
}

/** YYYY-MM-DD, a day that exists, within DATE_RANGE (isRealDate takes only a day written back as it was given). */
export const isCalendarDate = (value: string): boolean => isRealDate(value) && value >= DATE_RANGE.from && value <= DATE_RANGE.to;

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
  @IntIn(1, 2000)
  limit?: number;

  @ApiPropertyOptional({ example: 0, minimum: 0, default: 0 })
  @IsOptional()
  @IntIn(0, 1_000_000)
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

/** Adds `sql`, whose `?` stands for `value`, to a parameterised WHERE list. */
export function whereAdder(where: string[], params: unknown[]): (sql: string, value: unknown) => void {
  return (sql, value) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
}

/*
 * The selection (codes, kind, years) goes into the SQL as literals, not parameters. Reads run as prepared
 * statements (src/database/preparing-client.ts); with parameters, after five runs PostgreSQL settled on a
 * generic plan that assumes any range holds 0.5 % of the rows, and read a department as it reads a
 * province (department 08 by función: 100 req/s alone, 27 under load). As literals, each selection is
 * planned once per connection with its real row counts. Every value is checked again here, so nothing but
 * digits and the two kinds can reach the SQL, whatever the caller validated.
 */
const checked = (value: string, pattern: RegExp): string => {
  if (!pattern.test(value)) throw new Error(`not a code: ${JSON.stringify(value)}`);
  return value;
};
const literal = (value: string, pattern: RegExp): string => `'${checked(value, pattern)}'`;
const DIGITS = { department: /^\d{2}$/, province: /^\d{4}$/, ubigeo: /^\d{6}$/ };
const KIND = /^(provincial|district)$/;
const municipalities = (list: string) =>
  `ARRAY[${list
    .split(',')
    .map((u) => literal(u, DIGITS.ubigeo))
    .join(', ')}]::varchar[]`;

/** The selection over the municipality table aliased `m`. */
export function geographyWhere(filter: GeographyFilterDto): string[] {
  const where: string[] = [];
  if (filter.department) where.push(`m.department_code = ${literal(filter.department, DIGITS.department)}`);
  if (filter.province) where.push(`m.province_code = ${literal(filter.province, DIGITS.province)}`);
  if (filter.municipality) where.push(`m.ubigeo = ANY(${municipalities(filter.municipality)})`);
  if (filter.kind) where.push(`m.kind = ${literal(filter.kind, KIND)}`);
  return where;
}

/**
 * The same filter over a table keyed by ubigeo (a rollup's `alias.ubigeo`, COLLATE "C"), as ranges of
 * the ubigeo itself so that its index answers: a ubigeo is DDPPdd, department and province its prefixes.
 */
export function ubigeoWhere(filter: GeographyFilterDto, alias: string): string[] {
  const where: string[] = [];
  for (const [prefix, pattern] of [
    [filter.department, DIGITS.department],
    [filter.province, DIGITS.province],
  ] as const) {
    if (prefix) where.push(`${alias}.ubigeo BETWEEN '${checked(prefix, pattern).padEnd(6, '0')}' AND '${prefix.padEnd(6, '9')}'`);
  }
  if (filter.municipality) where.push(`${alias}.ubigeo = ANY(${municipalities(filter.municipality)})`);
  if (filter.kind) where.push(`${alias}.ubigeo IN (SELECT ubigeo FROM municipality WHERE kind = ${literal(filter.kind, KIND)})`);
  return where;
}

export interface YearSpan {
  fromYear?: number;
  toYear?: number;
}

/** year, or fromYear/toYear, as one span; both at once, or a reversed range, is a bad request. */
export function yearSpan(q: { year?: number; fromYear?: number; toYear?: number }): YearSpan {
  if (q.year !== undefined && (q.fromYear !== undefined || q.toYear !== undefined)) {
    throw DomainError.of('INVALID_REQUEST.yearAndRange');
  }
  if (q.fromYear !== undefined && q.toYear !== undefined && q.fromYear > q.toYear) {
    throw DomainError.of('INVALID_REQUEST.rangeOrder');
  }
  return q.year !== undefined ? { fromYear: q.year, toYear: q.year } : { fromYear: q.fromYear, toYear: q.toYear };
}

/** Adds the span's bounds on `column` to a WHERE list (whole years, as literals: see ubigeoWhere). */
export function yearWhere(span: YearSpan, column: string, where: string[]): string[] {
  const year = (y: number) => {
    if (!Number.isInteger(y)) throw new Error(`not a year: ${y}`);
    return String(y);
  };
  if (span.fromYear !== undefined) where.push(`${column} >= ${year(span.fromYear)}`);
  if (span.toYear !== undefined) where.push(`${column} <= ${year(span.toYear)}`);
  return where;
}

const queryPipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false });

/** Validates and converts a query object into `cls` the way the global pipe would (for routes that pick their DTO late). */
export function validated<T extends object>(cls: new () => T, value: unknown): Promise<T> {
  return queryPipe.transform(value, { type: 'query', metatype: cls });
}
