import type { Sql } from '../common/sql.js';
import { MONTH_NUMBERS, monthlySeries, withMonths } from './monthly-series.js';

/**
 * The monthly rollups of the current budget lines (rollup_budget_month, rollup_budget_month_total) for
 * the municipality-years of `pairs`, from `lines` (their current lines), in the caller's transaction.
 */
export async function rollUpMonths(sql: Sql, lines: string, pairs: string): Promise<void> {
  // groups formed from sorted lines: thirty-six sums a group, one group at a time, where a hash table of
  // them all (an import's work_mem allows one) took 4.4 s instead of 3.4 s for a national year's lines with series
  await sql('SET LOCAL enable_hashagg = off');
  await sql(MONTH_ROLLUP(lines));
  await sql('SET LOCAL enable_hashagg TO DEFAULT');
  await sql(MONTH_TOTAL_ROLLUP(pairs));
}

/**
 * SQL for the twelve changes of a PIM series `ps`: a month's figure less the latest figure before it
 * (0 before the first), null in a month without a figure. Written out month by month (a window per
 * line cost seconds per 100,000 lines).
 */
const PIM_CHANGES = (ps: string) =>
  `ARRAY[${Array.from({ length: 12 }, (_, i) => {
    const earlier = Array.from({ length: i }, (_, j) => `${ps}[${i - j}]`);
    return `${ps}[${i + 1}] - coalesce(${[...earlier, '0'].join(', ')})`;
  }).join(', ')}]::numeric[]`;

/** `ARRAY[f(1), …, f(12)]`. */
const MONTHS = (f: (month: number) => string) => `ARRAY[${MONTH_NUMBERS.map(f).join(', ')}]`;

/**
 * rollup_budget_month from the current `lines`: per municipality-year, función and rubro, each month's
 * devengado, PIM change and how many lines have a PIM figure that month. PIM as of a month, summed over
 * lines, is the running sum of each line's changes: a line's change in a month is its figure less its
 * latest earlier figure (PIM_CHANGES). Lines of one month's row (no series: an annual file's) are
 * grouped as they are, each summed into its month; lines with series are grouped adding their twelve
 * months element by element; a group with lines of both kinds adds the two up. Unnesting every line with
 * series into twelve rows, each tested against 36 filters, took 7.0-7.5 s for a national year's 285,000
 * lines (now 3.4 s); making a series of each one-month line took 5.5 s for a million of them (3.0-3.3 s as
 * they are, as before).
 */
const MONTH_ROLLUP = (lines: string) => {
  const key = 'l.year, l.ubigeo, l.function_code, l.rubro_code';
  const both = (column: string) =>
    `CASE WHEN b.year IS NULL THEN a.${column} WHEN a.year IS NULL THEN b.${column} ELSE ${MONTHS((m) => `a.${column}[${m}] + b.${column}[${m}]`)} END`;
  return `
  INSERT INTO rollup_budget_month (year, ubigeo, function_code, rubro_code, devengado, pim_change, pim_figures)
  SELECT coalesce(a.year, b.year), coalesce(a.ubigeo, b.ubigeo), coalesce(a.function_code, b.function_code), coalesce(a.rubro_code, b.rubro_code),
         ${both('ds')}::numeric(18,2)[], ${both('cs')}::numeric(18,2)[], ${both('ns')}::int[]
  FROM (
    SELECT ${key}, ${MONTHS((m) => `coalesce(sum(l.devengado) FILTER (WHERE l.through_month = ${m}), 0)`)} AS ds,
           ${MONTHS((m) => `coalesce(sum(l.pim) FILTER (WHERE l.through_month = ${m}), 0)`)} AS cs, ${MONTHS((m) => `count(l.pim) FILTER (WHERE l.through_month = ${m})`)} AS ns
    FROM ${lines} l WHERE l.devengado_by_month IS NULL AND l.pim_by_month IS NULL AND l.through_month IS NOT NULL
    GROUP BY ${key}) a
  FULL JOIN (
    SELECT ${key}, ${MONTHS((m) => `coalesce(sum(l.ds[${m}]), 0)`)} AS ds, ${MONTHS((m) => `coalesce(sum(l.cs[${m}]), 0)`)} AS cs, ${MONTHS((m) => `count(l.cs[${m}])`)} AS ns
    FROM (SELECT ${key}, l.ds, ${PIM_CHANGES('l.ps')} AS cs
          FROM (SELECT ${key}, ${monthlySeries('l', 'devengado')} AS ds, ${monthlySeries('l', 'pim')} AS ps
                FROM ${lines} l WHERE (l.devengado_by_month IS NOT NULL OR l.pim_by_month IS NOT NULL) AND ${withMonths('l')} OFFSET 0) l
          -- (OFFSET 0: each series worked out once a line, not once for each of the sums that read it)
          OFFSET 0) l
    -- a line whose months are all empty is no row, as it was no figure
    WHERE num_nonnulls(VARIADIC l.ds) > 0 OR num_nonnulls(VARIADIC l.cs) > 0
    GROUP BY ${key}) b
  ON b.year = a.year AND b.ubigeo = a.ubigeo AND b.function_code = a.function_code AND b.rubro_code = a.rubro_code
  ORDER BY 1, 2, 3, 4`;
};

/**
 * rollup_budget_month_total for the municipality-years of `pairs`: the months with a figure (a month of
 * nothing reads the same as no row), from rollup_budget_month's arrays added up per municipality-year first.
 */
const MONTH_TOTAL_ROLLUP = (pairs: string) => `
  INSERT INTO rollup_budget_month_total (year, ubigeo, month, devengado, pim_change, pim_figures)
  SELECT t.year, t.ubigeo, u.month, u.devengado, u.pim_change, u.pim_figures
  FROM (SELECT r.year, r.ubigeo, ${MONTHS((m) => `sum(r.devengado[${m}])`)} AS devengado, ${MONTHS((m) => `sum(r.pim_change[${m}])`)} AS pim_change,
               ${MONTHS((m) => `sum(r.pim_figures[${m}])::int`)} AS pim_figures
        FROM rollup_budget_month r JOIN ${pairs} p USING (year, ubigeo) GROUP BY r.year, r.ubigeo) t
  CROSS JOIN LATERAL unnest(t.devengado, t.pim_change, t.pim_figures) WITH ORDINALITY u(devengado, pim_change, pim_figures, month)
  WHERE u.pim_figures > 0 OR u.devengado <> 0
  ORDER BY t.year, t.ubigeo, u.month`;
