import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { DomainError } from '../common/domain-error.js';
import type { Sql } from '../common/sql.js';

/**
 * A place of any level, by its code: a department (2 digits, 08), a province (4, 0808) or a district
 * (6, 080801). A ubigeo is DDPPdd, so a place contains every place whose code starts with its own.
 */
export const PLACE_CODE = /^(\d{2}|\d{4}|\d{6})$/;
export const PLACE_LEVELS = ['department', 'province', 'district'] as const;
export type PlaceLevel = (typeof PLACE_LEVELS)[number];
export const levelOf = (code: string): PlaceLevel => (code.length === 2 ? 'department' : code.length === 4 ? 'province' : 'district');

/** The level of a place asked for by name of parameter: a municipality, a province or a department. */
export type AskedLevel = 'municipality' | 'province' | 'department';

/** The place a query asks for: exactly one of municipality, province or department (400 INVALID_REQUEST.onePlace otherwise). */
export function onePlace(q: { municipality?: string; province?: string; department?: string }): { level: AskedLevel; code: string } {
  const given = (
    [
      ['municipality', q.municipality],
      ['province', q.province],
      ['department', q.department],
    ] as const
  ).filter((entry): entry is readonly [AskedLevel, string] => entry[1] !== undefined);
  if (given.length !== 1) throw DomainError.of('INVALID_REQUEST.onePlace');
  const [[level, code]] = given;
  return { level, code };
}

/**
 * How something placed at `column` stands to the place asked for: `exact` (it names that place),
 * `inside` (it names a place inside it: a district of the province asked), `contains` (it names a place
 * that contains it: the province or department of the district asked). A place asked for matches both
 * ways: what concerns a province concerns its districts too, and a province is concerned by what
 * concerns any of its districts.
 */
export const PLACE_RELATIONS = ['exact', 'inside', 'contains'] as const;
export type PlaceRelation = (typeof PLACE_RELATIONS)[number];

/** SQL: whether the place `column` is the place `param`, inside it, or contains it (both COLLATE "C" or a parameter). */
export const relatedPlace = (column: string, param: string): string => `(starts_with(${column}, ${param}) OR starts_with(${param}, ${column}))`;

/** SQL: the PlaceRelation of the place `column` to the place `param`, when relatedPlace holds. */
export const placeRelation = (column: string, param: string): string =>
  `CASE WHEN ${column} = ${param} THEN 'exact' WHEN starts_with(${column}, ${param}) THEN 'inside' ELSE 'contains' END`;

/** SQL: the name of the place `code` in the reference geography (its department's, province's or municipality's name); null for an unknown code. */
export const placeName = (code: string): string =>
  `(SELECT CASE length(${code}) WHEN 2 THEN max(m.department_name) WHEN 4 THEN max(m.province_name) ELSE max(m.name) END
    FROM municipality m WHERE starts_with(m.ubigeo, ${code}))`;

/** A `place` query parameter: a department, province or district code. */
export const PlaceParam = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ example: '0808', description: `${description} A department (2 digits, 08), province (4, 0808) or district (6, 080801) code.` }),
    IsOptional(),
    Matches(PLACE_CODE, { message: 'place must be a department (2 digits), province (4) or district (6) code, such as 0808' }),
  );

/**
 * The municipalities of each place of `codes` (a district's is itself; a province's or department's,
 * every municipality whose ubigeo starts with its code), from the reference geography; a code no
 * municipality starts with has none.
 */
export async function municipalitiesOf(sql: Sql, codes: string[]): Promise<Map<string, string[]>> {
  const rows: { code: string; municipalities: string[] }[] = await sql(
    `SELECT p.code, coalesce(array_agg(m.ubigeo ORDER BY m.ubigeo) FILTER (WHERE m.ubigeo IS NOT NULL), '{}') AS municipalities
     FROM unnest($1::text[]) AS p(code) LEFT JOIN municipality m ON starts_with(m.ubigeo, p.code)
     GROUP BY p.code`,
    [codes],
  );
  return new Map(rows.map((r) => [r.code, r.municipalities]));
}

/** Refuses codes that are no place of the reference geography (400 UNKNOWN_PLACE, naming them); else the municipalities of each. */
export async function knownPlaces(sql: Sql, codes: string[]): Promise<Map<string, string[]>> {
  const found = await municipalitiesOf(sql, codes);
  const unknown = codes.filter((c) => (found.get(c) ?? []).length === 0);
  if (unknown.length > 0) throw DomainError.of('UNKNOWN_PLACE', { places: unknown });
  return found;
}
