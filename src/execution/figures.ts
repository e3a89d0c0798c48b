import type { ExecutionFiguresDto } from './dto/execution.dto.js';

/*
 * A row of the aggregate figures (execution.repository.ts's FIGURES) as the API shows it: as an object
 * (toFigures), or as JSON text written by PostgreSQL with the same bytes (rowJson, ROWS_JSON).
 */

/** Municipality totals (Consulta Amigable) or budget lines. */
export type Level = 'municipality' | 'detail';

/** The columns of FIGURES as the driver gives them (numeric as decimal strings). */
export interface FiguresRow {
  pia: string | null;
  pim: string | null;
  certificacion: string | null;
  compromiso_anual: string | null;
  atencion_compromiso_mensual: string | null;
  devengado: string | null;
  girado: string | null;
  execution_rate_pct: string | null;
  unspent: string | null;
  municipalities: number;
  population: number | null;
  pim_per_capita: string | null;
  devengado_per_capita: string | null;
}

/**
 * SQL for the JSON array of the page's rows (`rows`: row, rate, n, in the page's order), or null when a
 * rate is 10^15 or more: float8 writes those with an exponent where JavaScript writes every digit, so
 * the answer is then built as objects (queryJson).
 */
export const ROWS_JSON = (rows: string) => `
  (SELECT CASE WHEN coalesce(bool_and(abs(p.rate) < 1e15), true) THEN '[' || coalesce(string_agg(p.row, ',' ORDER BY p.n), '') || ']' END FROM (${rows}) p)`;

/**
 * SQL for a group row `x` of the aggregate query as JSON text, byte for byte what JSON.stringify writes
 * for `{ key, name, ...toFigures(x, level) }`: a national page of 2,000 projects was 30 ms of the event
 * loop as rows parsed into objects, mapped and stringified (BENCHMARKS.md, bench:attack). Amounts are
 * numeric text (scale 2, as the driver gives them); the rate a JSON number as JavaScript writes it
 * (float8's shortest form; + 0 makes -0 the 0 that JSON.stringify writes); strings through to_json.
 */
export function rowJson(x: string, level: Level): string {
  const amount = (column: string) => `'"' || coalesce(${x}.${column}::text, '0.00') || '"'`;
  const orNull = (sql: string) => `coalesce(${sql}, 'null')`;
  const text = (column: string) => orNull(`to_json(${x}.${column})::text`);
  const fields: [string, string][] = [
    ['key', text('key')],
    ['name', text('name')],
    ['pia', amount('pia')],
    ['pim', amount('pim')],
    ['certificacion', amount('certificacion')],
    ['compromisoAnual', amount('compromiso_anual')],
    ['atencionCompromisoMensual', level === 'detail' ? `'null'` : amount('atencion_compromiso_mensual')],
    ['devengado', amount('devengado')],
    ['girado', amount('girado')],
    ['executionRatePct', orNull(`(${x}.execution_rate_pct::float8 + 0)::text`)],
    ['unspent', amount('unspent')],
    ['municipalities', `${x}.municipalities::text`],
    ['population', orNull(`${x}.population::text`)],
    ['pimPerCapita', text('pim_per_capita::text')],
    ['devengadoPerCapita', text('devengado_per_capita::text')],
  ];
  return `'{' || ${fields.map(([name, sql], i) => `'${i ? ',' : ''}"${name}":' || ${sql}`).join(' || ')} || '}'`;
}

/** A row of the aggregate query as the API shows it. */
export function toFigures(r: FiguresRow, level: Level = 'municipality'): ExecutionFiguresDto {
  const amount = (v: string | null) => v ?? '0.00';
  return {
    pia: amount(r.pia),
    pim: amount(r.pim),
    certificacion: amount(r.certificacion),
    compromisoAnual: amount(r.compromiso_anual),
    atencionCompromisoMensual: level === 'detail' ? null : amount(r.atencion_compromiso_mensual),
    devengado: amount(r.devengado),
    girado: amount(r.girado),
    executionRatePct: r.execution_rate_pct === null ? null : Number(r.execution_rate_pct),
    unspent: amount(r.unspent),
    municipalities: r.municipalities,
    population: r.population,
    pimPerCapita: r.pim_per_capita,
    devengadoPerCapita: r.devengado_per_capita,
  };
}
