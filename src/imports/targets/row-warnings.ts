import type { RowError } from '../../common/domain-error.js';
import { FUNCTIONS, RUBROS } from '../../budget/classifiers.js';
import { say, type Params, type RowProblemKey } from '../../i18n/messages.js';
import type { Sql } from '../../common/sql.js';

/**
 * What looks wrong in an import's rows without stopping it, found in SQL on the staged rows: one scan
 * counts every kind, and only a kind found at least once is looked up again for its first examples. A file of
 * millions of rows costs one pass, whatever it holds.
 */
export interface FoundWarnings {
  /** The first MAX_EXAMPLES of each kind, in file order; `column` is the format's column key until the pipeline puts the header's text. */
  rows: RowError[];
  /** Every warning counted by code. */
  counts: Record<string, number>;
}

export const NO_WARNINGS: FoundWarnings = { rows: [], counts: {} };

/** Examples kept of each kind of warning (all of them are counted). */
export const MAX_EXAMPLES = 1000;

/** One kind of warning: the rows it applies to, and what it says of each. */
export interface WarningCheck {
  key: RowProblemKey;
  /** The format's column key the warning is about. */
  column: string;
  /** SQL condition on the table's row. */
  where: string;
  /** SQL expressions (as text) the message and value are made of. */
  fields: Record<string, string>;
  params(fields: Record<string, string>): Params;
  value(fields: Record<string, string>): string | null;
}

/**
 * Runs `checks` on `from` (a table or a subquery aliased `w`); `row` is the SQL of a row's number, which
 * `rowOf` turns into the file's row when the table numbers its rows otherwise (budget lines: by line).
 */
export async function findWarnings(
  sql: Sql,
  from: string,
  row: string,
  checks: WarningCheck[],
  rowOf: (n: number) => number = (n) => n,
): Promise<FoundWarnings> {
  if (checks.length === 0) return NO_WARNINGS;
  const [counted]: Record<string, number>[] = await sql(
    `SELECT ${checks.map((c, i) => `count(*) FILTER (WHERE ${c.where})::int AS c${i}`).join(', ')} FROM ${from}`,
  );
  const found: FoundWarnings = { rows: [], counts: {} };
  for (const [i, check] of checks.entries()) {
    const count = counted[`c${i}`];
    if (count === 0) continue;
    const code = check.key.split('.')[0];
    found.counts[code] = (found.counts[code] ?? 0) + count;
    const names = Object.keys(check.fields);
    const examples: ({ n: number } & Record<string, string>)[] = await sql(
      `SELECT ${row} AS n${names.map((name) => `, (${check.fields[name]})::text AS "${name}"`).join('')} FROM ${from} WHERE ${check.where} ORDER BY ${row} LIMIT ${MAX_EXAMPLES}`,
    );
    for (const e of examples) found.rows.push({ row: rowOf(Number(e.n)), column: check.column, ...say(check.key, check.params(e)), value: check.value(e) });
  }
  found.rows.sort((a, b) => a.row - b.row);
  return found;
}

/** Devengado or certificación over the PIM of the same row: probably a shifted column or a mistyped figure. */
export const OVER_PIM: WarningCheck[] = [
  {
    key: 'DEVENGADO_OVER_PIM',
    column: 'devengado',
    where: 'devengado > pim',
    fields: { devengado: 'devengado', pim: 'pim' },
    params: (f) => ({ devengado: f.devengado, pim: f.pim }),
    value: (f) => f.devengado,
  },
  {
    key: 'CERTIFICADO_OVER_PIM',
    column: 'certificacion',
    where: 'certificacion > pim',
    fields: { certificacion: 'certificacion', pim: 'pim' },
    params: (f) => ({ certificacion: f.certificacion, pim: f.pim }),
    value: (f) => f.certificacion,
  },
];

/** Codes as an SQL array literal: they are digits, from the classifiers in code. */
const codes = (list: string[]) => `'{${list.join(',')}}'::text[]`;
const FUENTES = [...new Set(Object.values(RUBROS).map((r) => r.fuente))].sort();

/**
 * Budget-line codes that are not in the classifiers the service holds (src/budget/classifiers.ts): the
 * función (01-25), the rubro and the fuente de financiamiento. División and grupo funcional have no
 * classifier here: a planner's are checked against the budget lines already imported (unseenFunctionalCodes).
 */
export const OUTSIDE_CLASSIFIERS: WarningCheck[] = [
  {
    key: 'UNKNOWN_CLASSIFIER.function',
    column: 'function',
    where: `function_code <> ALL(${codes(Object.keys(FUNCTIONS))})`,
    fields: { code: 'function_code' },
    params: (f) => ({ code: f.code }),
    value: (f) => f.code,
  },
  {
    key: 'UNKNOWN_CLASSIFIER.rubro',
    column: 'rubro',
    where: `rubro_code <> ALL(${codes(Object.keys(RUBROS))})`,
    fields: { code: 'rubro_code' },
    params: (f) => ({ code: f.code, known: Object.keys(RUBROS).sort().join(', ') }),
    value: (f) => f.code,
  },
  {
    key: 'UNKNOWN_CLASSIFIER.fuente',
    column: 'fuente',
    where: `fuente_code <> ALL(${codes(FUENTES)})`,
    fields: { code: 'fuente_code' },
    params: (f) => ({ code: f.code, known: FUENTES.join(', ') }),
    value: (f) => f.code,
  },
];

/**
 * División and grupo funcional codes that no current budget line has (the departments' classifier rollup,
 * a few thousand rows even for the country): no classifier table of them ships with the service, so for files
 * typed by people (the planner's template) a code MEF's lines never use is probably mistyped. MEF's own files are
 * the codes' source, so they are not checked; nor is anything while no line is known.
 */
export async function unseenFunctionalCodes(sql: Sql): Promise<WarningCheck[]> {
  const [known] = await sql<{ divisions: string[] | null; groups: string[] | null }[]>(
    'SELECT array_agg(DISTINCT division_code) AS divisions, array_agg(DISTINCT group_code) AS groups FROM rollup_budget_classifier_department',
  );
  const check = (level: 'division' | 'group', codesKnown: string[] | null): WarningCheck[] =>
    codesKnown?.length
      ? [
          {
            key: `UNKNOWN_CLASSIFIER.${level}`,
            column: level,
            where: `${level}_code <> ALL(${codes(codesKnown)})`,
            fields: { code: `${level}_code` },
            params: (f) => ({ code: f.code, known: codesKnown.length }),
            value: (f) => f.code,
          },
        ]
      : [];
  return [...check('division', known.divisions), ...check('group', known.groups)];
}
