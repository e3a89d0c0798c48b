import type { Sql } from '../common/sql.js';
import { rollUpMonths } from './monthly-rollup.js';
import { withMonths } from './monthly-series.js';

/** The rollup tables of the current budget lines (migration 1763793100000 says what each holds). */
export const ROLLUP_TABLES = [
  'rollup_budget_year',
  'rollup_budget',
  'rollup_budget_key',
  'rollup_budget_classifier',
  'rollup_budget_month',
  'rollup_budget_month_total',
  'rollup_project',
] as const;
/** Rollups kept per department rather than per municipality-year (emptied with the others on a rebuild). */
const DEPARTMENT_TABLES = [
  'rollup_budget_department',
  'rollup_budget_classifier_department',
  'rollup_planning_gap',
  'rollup_planning_gap_top',
  'rollup_project_scope',
];

/** rollup_budget_key's dimensions: one classifier at a time, with its code and name in rollup_budget, and the total (key ''). */
export const KEY_DIMENSIONS = { function: 'function', division: 'division', group: 'group', rubro: 'rubro', fuente: 'fuente' } as const;

const AMOUNTS = ['pia', 'pim', 'certificacion', 'compromiso_anual', 'devengado', 'girado'];
/** The amounts kept per project (rollup_project_import, rollup_project_scope). */
const PROJECT_AMOUNTS = ['pia', 'pim', 'devengado'];
const BUDGET_KEY = ['year', 'ubigeo', 'function_code', 'division_code', 'group_code', 'rubro_code', 'fuente_code'];
const BUDGET_NAMES = ['function_name', 'division_name', 'group_name', 'rubro_name', 'fuente_name'];
const PROJECT_COLUMNS = [
  'year',
  'ubigeo',
  'activity_kind',
  'product_code',
  'function_code',
  'division_code',
  'group_code',
  'rubro_code',
  'fuente_code',
  'product_name',
  'name_area',
  ...AMOUNTS,
  'import_id',
];

/**
 * Replaces the rollups of the municipality-years listed in the table `pairs` (ubigeo, year) with those
 * of `lines`, which must hold exactly their current budget lines (a table or a subquery with
 * budget_line's columns). Runs in the caller's transaction: an import calls it with its own lines for
 * the municipality-years it becomes the latest of, so readers see the old rollups or the new, never a
 * mixture, and a rolled-back import leaves them as they were.
 */
export async function replaceRollups(sql: Sql, pairs: string, lines: string, options: { everyPair?: boolean; ownPartition?: number } = {}): Promise<void> {
  // a large import's project partition, once none of its municipality-years is current, goes whole
  const gone: { import_id: number }[] = await sql(
    `SELECT y.import_id FROM rollup_budget_year y JOIN ${pairs} p ON p.year = y.year AND p.ubigeo = y.ubigeo GROUP BY y.import_id
     HAVING count(*) = (SELECT count(*) FROM rollup_budget_year o WHERE o.import_id = y.import_id)`,
  );
  for (const { import_id } of gone) await sql(`DROP TABLE IF EXISTS rollup_project_${Number(import_id)}`);
  for (const table of ROLLUP_TABLES) await sql(`DELETE FROM ${table} r USING ${pairs} p WHERE r.year = p.year AND r.ubigeo = p.ubigeo`);
  // an import that becomes the latest of all its municipality-years (the usual case) rolls up all its lines
  const current = options.everyPair ? lines : `(SELECT l.* FROM ${lines} l JOIN ${pairs} p ON p.year = l.year AND p.ubigeo = l.ubigeo)`;
  const projectColumns = PROJECT_COLUMNS.join(', ');
  const projectValues = PROJECT_COLUMNS.map((c) => `l.${c}`).join(', ');
  if (options.ownPartition !== undefined) {
    // filled without indexes, indexed in one pass, attached without a scan (its check proves the partition)
    const part = Number(options.ownPartition);
    const table = `rollup_project_${part}`;
    await sql(`CREATE TABLE ${table} (LIKE rollup_project INCLUDING DEFAULTS, CONSTRAINT ${table}_part CHECK (part = ${part}))`);
    await sql(`INSERT INTO ${table} (${projectColumns}, part) SELECT ${projectValues}, ${part} FROM ${current} l`);
    await sql(`CREATE INDEX ${table}_year_ubigeo_idx ON ${table} (year, ubigeo)`);
    await sql(`ALTER TABLE rollup_project ATTACH PARTITION ${table} FOR VALUES IN (${part})`);
  } else {
    // in (year, ubigeo) order: a rebuild writes every line here, and a province's year is then a few pages, not a page a line
    // (1,190 lines of Espinar's 2024 read through 1,123 pages after a rebuild in file order: 120 ms cold)
    await sql(`INSERT INTO rollup_project_shared (${projectColumns}) SELECT ${projectValues} FROM ${current} l ORDER BY l.year, l.ubigeo`);
  }
  await sql(
    `INSERT INTO rollup_budget (${BUDGET_KEY.join(', ')}, ${BUDGET_NAMES.join(', ')}, ${AMOUNTS.join(', ')}, lines, project_lines, lines_with_months, pim_with_months, import_id)
     SELECT ${BUDGET_KEY.map((c) => `l.${c}`).join(', ')}, ${BUDGET_NAMES.map((c) => `max(l.${c})`).join(', ')}, ${AMOUNTS.map((c) => `sum(l.${c})`).join(', ')},
            count(*)::int, count(*) FILTER (WHERE l.activity_kind = 2)::int, count(*) FILTER (WHERE ${withMonths('l')})::int, coalesce(sum(l.pim) FILTER (WHERE ${withMonths('l')}), 0), max(l.import_id)
     FROM ${current} l GROUP BY ${BUDGET_KEY.map((c) => `l.${c}`).join(', ')}
     -- in the key's order: the index is written page after page, not probed at random
     ORDER BY ${BUDGET_KEY.map((c) => `l.${c}`).join(', ')}`,
  );
  // each classifier alone, and the total, from the rows just written
  const dimensions = Object.keys(KEY_DIMENSIONS).map((d) => `('${d}', r.${d}_code, r.${d}_name)`);
  await sql(
    `INSERT INTO rollup_budget_key (dim, year, ubigeo, key, name, ${AMOUNTS.join(', ')})
     SELECT d.dim, r.year, r.ubigeo, d.key, max(d.name), ${AMOUNTS.map((c) => `sum(r.${c})`).join(', ')}
     FROM rollup_budget r JOIN ${pairs} p USING (year, ubigeo)
     CROSS JOIN LATERAL (VALUES ('total', '', ''), ${dimensions.join(', ')}) d(dim, key, name)
     GROUP BY d.dim, r.year, r.ubigeo, d.key
     ORDER BY d.dim, r.year, r.ubigeo, d.key`,
  );
  // the codes the ECLAC rules look up, per municipality-year (rubro and fuente summed away)
  await sql(
    `INSERT INTO rollup_budget_classifier (year, ubigeo, function_code, division_code, group_code, function_name, pim, devengado, lines, import_id)
     SELECT r.year, r.ubigeo, r.function_code, r.division_code, r.group_code, max(r.function_name), sum(r.pim), sum(r.devengado), sum(r.lines)::int, max(r.import_id)
     FROM rollup_budget r JOIN ${pairs} p USING (year, ubigeo)
     GROUP BY r.year, r.ubigeo, r.function_code, r.division_code, r.group_code
     ORDER BY r.year, r.ubigeo, r.function_code, r.division_code, r.group_code`,
  );
  await rollUpMonths(sql, current, pairs);
  await sql(
    `INSERT INTO rollup_budget_year (year, ubigeo, import_id, snapshot_date, lines, pia, pim, devengado, rubro18_lines, rubro18_pim, rubro18_devengado, project_lines, lines_with_months, pim_with_months)
     SELECT b.year, b.ubigeo, b.import_id, s.snapshot_date, b.lines, b.pia, b.pim, b.devengado, b.rubro18_lines, b.rubro18_pim, b.rubro18_devengado,
            b.project_lines, b.lines_with_months, b.pim_with_months
     FROM (SELECT year, ubigeo, max(import_id) AS import_id, sum(lines)::int AS lines, sum(pia) AS pia, sum(pim) AS pim, sum(devengado) AS devengado,
                  coalesce(sum(lines) FILTER (WHERE rubro_code = '18'), 0)::int AS rubro18_lines,
                  coalesce(sum(pim) FILTER (WHERE rubro_code = '18'), 0) AS rubro18_pim, coalesce(sum(devengado) FILTER (WHERE rubro_code = '18'), 0) AS rubro18_devengado,
                  sum(lines_with_months)::int AS lines_with_months, sum(project_lines)::int AS project_lines, sum(pim_with_months) AS pim_with_months
           FROM rollup_budget r JOIN ${pairs} p USING (year, ubigeo) GROUP BY year, ubigeo) b
     JOIN import_scope s ON s.import_id = b.import_id AND s.dataset = 'budget' AND s.ubigeo = b.ubigeo AND s.year = b.year`,
  );
}

/**
 * After an import's budget lines and scope are written (its lines in `lines`, all of them its own):
 * the rollups of each municipality-year for which it is now the latest import. A file with an older
 * cut-off than what is current for a municipality-year adds history and leaves that rollup alone.
 */
export async function rollUpImport(sql: Sql, importId: number, lines: string, ownPartition: boolean): Promise<void> {
  await sql(
    `CREATE TEMP TABLE rollup_pairs ON COMMIT DROP AS
     SELECT s.year, s.ubigeo::varchar(6) COLLATE "C" AS ubigeo FROM import_scope s
     WHERE s.import_id = $1 AND s.dataset = 'budget'
       AND NOT EXISTS (SELECT 1 FROM import_scope o WHERE o.dataset = 'budget' AND o.ubigeo = s.ubigeo AND o.year = s.year AND o.import_id <> s.import_id
                         AND (o.snapshot_date > s.snapshot_date OR (o.snapshot_date = s.snapshot_date AND o.import_id > s.import_id)))`,
    [importId],
  );
  // the import's table was made in this transaction and has no statistics: without them the planner
  // sorts a million lines to group them (seconds) where a hash does it in one pass
  await sql(`ANALYZE rollup_pairs, ${lines}`);
  const [{ won, scope }] = await sql<{ won: number; scope: number }[]>(
    `SELECT (SELECT count(*) FROM rollup_pairs)::int AS won, (SELECT count(*) FROM import_scope WHERE import_id = $1 AND dataset = 'budget')::int AS scope`,
    [importId],
  );
  const everyPair = won === scope;
  await replaceRollups(sql, 'rollup_pairs', lines, { everyPair, ownPartition: ownPartition ? importId : undefined });
  // an import current for all its municipality-years has its projects among those rollUpDepartments sums per municipality
  await rollUpDepartments(sql, DEPARTMENTS_OF('rollup_pairs'), everyPair ? { history: { importId, pairs: 'rollup_pairs' } } : {});
  if (!everyPair) await addProjectHistory(sql, lines);
  await sql('DROP TABLE rollup_pairs');
}

/** The departments and years of the municipality-years in `pairs`. */
const DEPARTMENTS_OF = (pairs: string) => `SELECT DISTINCT p.year, m.department_code FROM ${pairs} p JOIN municipality m ON m.ubigeo = p.ubigeo`;

/** An import's projects per CUI, year and municipality, current or not (rollup_project_import), summed from its `lines`. */
async function addProjectHistory(sql: Sql, lines: string): Promise<void> {
  await sql(
    `INSERT INTO rollup_project_import (product_code, year, ubigeo, import_id, product_name, name_area, ${PROJECT_AMOUNTS.join(', ')})
     SELECT l.product_code, l.year, l.ubigeo, l.import_id, max(l.product_name), max(l.name_area), ${PROJECT_AMOUNTS.map((c) => `sum(l.${c})`).join(', ')}
     FROM ${lines} l WHERE l.activity_kind = 2 GROUP BY l.product_code, l.year, l.ubigeo, l.import_id
     -- in the key's order, as rollup_budget's
     ORDER BY l.product_code, l.year, l.ubigeo, l.import_id`,
  );
}

/** Every rollup rebuilt from budget_line_latest (after the migration that made them, or to repair them). */
export async function rebuildRollups(sql: Sql): Promise<void> {
  await sql(
    `CREATE TEMP TABLE rollup_pairs ON COMMIT DROP AS
     SELECT DISTINCT year, ubigeo::varchar(6) COLLATE "C" AS ubigeo FROM import_scope WHERE dataset = 'budget'`,
  );
  for (const table of [...ROLLUP_TABLES, ...DEPARTMENT_TABLES, 'rollup_project_import']) await sql(`TRUNCATE ${table}`);
  for (const { name } of await sql<{ name: string }[]>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'rollup_project'::regclass AND c.relname <> 'rollup_project_shared'`,
  )) {
    await sql(`DROP TABLE ${name}`);
  }
  await sql('ANALYZE rollup_pairs');
  // the population first: the departments' rollups count it
  await rebuildPopulationNearest(sql);
  await replaceRollups(sql, 'rollup_pairs', 'budget_line_latest', { everyPair: true });
  await rollUpDepartments(sql, DEPARTMENTS_OF('rollup_pairs'));
  // the lines of imports that exist (an import deleted in the database leaves its lines until rollup-repair.ts removes them)
  await addProjectHistory(sql, '(SELECT l.* FROM budget_line l WHERE EXISTS (SELECT 1 FROM import i WHERE i.id = l.import_id))');
  await sql('DROP TABLE rollup_pairs');
  await sql('UPDATE rollup_state SET stale = false');
}

/**
 * The rollups of the municipality-years of budget imports deleted in the database (`gone`: import_id,
 * year, ubigeo; see src/imports/rollup-repair.ts), worked out again from the lines that remain: each
 * municipality-year's import before the deleted one, or nothing. The deleted imports' lines and project history go too.
 */
export async function repairRollups(sql: Sql, gone: string): Promise<void> {
  await sql(`CREATE TEMP TABLE rollup_pairs ON COMMIT DROP AS SELECT DISTINCT year, ubigeo::varchar(6) COLLATE "C" AS ubigeo FROM ${gone}`);
  await sql('ANALYZE rollup_pairs');
  const deleted = await sql<{ id: number }[]>(
    `SELECT DISTINCT g.import_id AS id FROM ${gone} g WHERE NOT EXISTS (SELECT 1 FROM import i WHERE i.id = g.import_id) ORDER BY 1`,
  );
  for (const { id } of deleted) {
    // budget_line has no foreign key to import (a partitioned table's would be checked on every line): its lines go here
    await sql(`DROP TABLE IF EXISTS budget_line_${Number(id)}`);
    await sql(`DELETE FROM budget_line_shared WHERE part = 0 AND import_id = $1`, [id]);
    await sql(`DELETE FROM rollup_project_import WHERE import_id = $1`, [id]);
  }
  await replaceRollups(sql, 'rollup_pairs', 'budget_line_latest');
  await rollUpDepartments(sql, DEPARTMENTS_OF('rollup_pairs'));
  await sql('DROP TABLE rollup_pairs');
}

/** The scopes (departments, and the country: '') and years rollUpDepartments writes, from its rollup_departments. */
const SCOPES = `(SELECT year, department_code AS scope FROM rollup_departments UNION SELECT DISTINCT year, '' FROM rollup_departments)`;

/**
 * The rollups kept per department and for the country, for the (year, department_code) pairs of
 * `departments` (a subquery), each written whole for every pair from the current rollups of all its
 * municipalities, so they are right whatever changed in the department (an import, or the population):
 * - rollup_budget_department: each classifier and the total (from rollup_budget_key), and each product
 *   or project (dimension 'project', from rollup_project; also summed for the country: department ''),
 *   with how many municipalities it sums and their population;
 * - rollup_budget_classifier_department, from rollup_budget_classifier;
 * - rollup_project_scope (the projects of a department or the country per CUI), the planning gap's
 *   counts and its top projects (rollUpPlanningGap).
 * The population of each municipality-year is looked up once (dept_places), never per row. With
 * `history`, an import current for every one of its municipality-years (`pairs`): its projects per CUI,
 * year and municipality (rollup_project_import), taken from the same sums of each municipality's products.
 */
export async function rollUpDepartments(sql: Sql, departments: string, options: { history?: { importId: number; pairs: string } } = {}): Promise<void> {
  await sql(`CREATE TEMP TABLE rollup_departments ON COMMIT DROP AS ${departments}`);
  await sql(
    `CREATE TEMP TABLE dept_places ON COMMIT DROP AS
     SELECT d.year, m.ubigeo::varchar(6) COLLATE "C" AS ubigeo, m.department_code::varchar(2) COLLATE "C" AS department_code, pop.total
     FROM rollup_departments d JOIN municipality m ON m.department_code = d.department_code
     LEFT JOIN population_nearest pop ON pop.year = d.year AND pop.ubigeo = m.ubigeo`,
  );
  // without statistics the planner joined every department-year to every project row (25 × 1M rows: 8 s)
  await sql('ANALYZE rollup_departments, dept_places');
  await sql(`DELETE FROM rollup_budget_department r USING rollup_departments d WHERE r.year = d.year AND r.department_code = d.department_code`);
  await sql(
    `INSERT INTO rollup_budget_department (dim, year, department_code, key, name, ${AMOUNTS.join(', ')}, municipalities, population, without_population)
     SELECT k.dim, k.year, d.department_code, k.key, max(k.name), ${AMOUNTS.map((c) => `sum(k.${c})`).join(', ')},
            count(*)::int, coalesce(sum(d.total), 0), count(*) FILTER (WHERE d.total IS NULL)::int
     FROM rollup_budget_key k JOIN dept_places d ON d.year = k.year AND d.ubigeo = k.ubigeo
     GROUP BY k.dim, k.year, d.department_code, k.key
     ORDER BY k.dim, k.year, d.department_code, k.key`,
  );
  for (const table of ['rollup_planning_gap', 'rollup_planning_gap_top', 'rollup_project_scope']) {
    await sql(`DELETE FROM ${table} r USING ${SCOPES} s
               WHERE r.year = s.year AND r.scope = s.scope`);
  }
  // One statement, so that each grouping is done once and kept in memory, not written to a temporary
  // table (8 MB of local buffers: a million rows went to disk and back, 7 s for what takes 4 s here).
  // Each municipality's products first (so that one counts once, with its population), with what its
  // projects alone (activity kind 2) add up to, for the project scopes and the import's project history.
  const projects = (expression: string) => `${expression} FILTER (WHERE r.activity_kind = 2)`;
  const history = options.history
    ? `, history AS (
         INSERT INTO rollup_project_import (product_code, year, ubigeo, import_id, product_name, name_area, ${PROJECT_AMOUNTS.join(', ')})
         SELECT p.product_code, p.year, p.ubigeo, ${Number(options.history.importId)}, p.project_name, p.project_area, ${PROJECT_AMOUNTS.map((c) => `p.project_${c}`).join(', ')}
         FROM place_products p WHERE p.project_name IS NOT NULL AND EXISTS (SELECT 1 FROM ${options.history.pairs} h WHERE h.year = p.year AND h.ubigeo = p.ubigeo)
         -- in the key's order: the products' order, each product's municipalities sorted (incrementally) by year and ubigeo
         ORDER BY p.product_code, p.year, p.ubigeo)`
    : '';
  await sql(
    `WITH place_products AS MATERIALIZED (
       SELECT r.year, r.ubigeo, d.department_code, d.total, r.product_code, max(r.product_name) AS name, ${AMOUNTS.map((c) => `sum(r.${c}) AS ${c}`).join(', ')},
              ${projects('max(r.product_name)')} AS project_name, ${projects('max(r.name_area)')} AS project_area,
              ${PROJECT_AMOUNTS.map((c) => `${projects(`sum(r.${c})`)} AS project_${c}`).join(', ')}
       FROM rollup_project r JOIN dept_places d ON d.year = r.year AND d.ubigeo = r.ubigeo
       -- in the departments' order (a municipality's department is its own), the product first: the next grouping needs no
       -- sort of its own, and a sort led by the product code decides most comparisons on its first key (abbreviated; the
       -- year, the same for all, led before: 3.5 → 2.0 s for a million lines)
       GROUP BY r.product_code, d.department_code, r.year, r.ubigeo, d.total ORDER BY r.product_code, d.department_code, r.year, r.ubigeo),
     dept AS MATERIALIZED (
       SELECT p.year, p.department_code, p.product_code, max(p.name) AS name, ${AMOUNTS.map((c) => `sum(p.${c}) AS ${c}`).join(', ')},
              count(*)::int AS municipalities, coalesce(sum(p.total), 0) AS population, count(*) FILTER (WHERE p.total IS NULL)::int AS without_population,
              max(p.project_name) AS project_name, max(p.project_area) AS project_area, min(p.ubigeo) FILTER (WHERE p.project_name IS NOT NULL) AS executor_ubigeo,
              ${PROJECT_AMOUNTS.map((c) => `sum(p.project_${c}) AS project_${c}`).join(', ')}
       FROM place_products p GROUP BY p.product_code, p.department_code, p.year),
     -- written in the products' order: each department-year's rows go into its own range of the index, a few
     -- ranges each moving forward (no sort of 464,000 rows first)
     written AS (
       INSERT INTO rollup_budget_department (dim, year, department_code, key, name, ${AMOUNTS.join(', ')}, municipalities, population, without_population)
       SELECT 'project', year, department_code, product_code, name, ${AMOUNTS.join(', ')}, municipalities, population, without_population
       FROM dept)${history}
     INSERT INTO rollup_project_scope (year, scope, cui, name, name_area, executor_ubigeo, ${PROJECT_AMOUNTS.join(', ')})
     SELECT year, department_code, product_code, project_name, project_area, executor_ubigeo, ${PROJECT_AMOUNTS.map((c) => `project_${c}`).join(', ')}
     FROM dept WHERE project_name IS NOT NULL`,
  );
  // and for the country (department and scope ''), from the departments' rows of the years touched
  const years = '(SELECT DISTINCT year FROM rollup_departments) y';
  await sql(`DELETE FROM rollup_budget_department r USING ${years} WHERE r.dim = 'project' AND r.year = y.year AND r.department_code = ''`);
  await sql(
    `INSERT INTO rollup_budget_department (dim, year, department_code, key, name, ${AMOUNTS.join(', ')}, municipalities, population, without_population)
     SELECT 'project', r.year, '', r.key, max(r.name), ${AMOUNTS.map((c) => `sum(r.${c})`).join(', ')},
            sum(r.municipalities)::int, sum(r.population), sum(r.without_population)::int
     FROM rollup_budget_department r JOIN ${years} ON y.year = r.year
     WHERE r.dim = 'project' AND r.department_code <> ''
     GROUP BY r.year, r.key
     ORDER BY r.year, r.key`,
  );
  await sql(
    `INSERT INTO rollup_project_scope (year, scope, cui, name, name_area, executor_ubigeo, ${PROJECT_AMOUNTS.join(', ')})
     SELECT r.year, '', r.cui, max(r.name), max(r.name_area), min(r.executor_ubigeo), ${PROJECT_AMOUNTS.map((c) => `sum(r.${c})`).join(', ')}
     FROM rollup_project_scope r JOIN ${years} ON y.year = r.year
     WHERE r.scope <> ''
     GROUP BY r.year, r.cui
     ORDER BY r.year, r.cui`,
  );
  await rollUpPlanningGap(sql);
  await sql(`DELETE FROM rollup_budget_classifier_department r USING rollup_departments d WHERE r.year = d.year AND r.department_code = d.department_code`);
  await sql(
    `INSERT INTO rollup_budget_classifier_department (year, department_code, function_code, division_code, group_code, function_name, pim, devengado, lines)
     SELECT b.year, d.department_code, b.function_code, b.division_code, b.group_code, max(b.function_name), sum(b.pim), sum(b.devengado), sum(b.lines)::int
     FROM rollup_budget_classifier b JOIN dept_places d ON d.year = b.year AND d.ubigeo = b.ubigeo
     GROUP BY b.year, d.department_code, b.function_code, b.division_code, b.group_code
     ORDER BY b.year, d.department_code, b.function_code, b.division_code, b.group_code`,
  );
  await sql('DROP TABLE rollup_departments, dept_places');
}

/** The planning gap's counted facts: PIA and PIM summed over what planningGapPairs gives, with the pair's name. */
const PLANNING_GAP_COUNTS = `
  count(*) FILTER (WHERE pim > 0)::int, coalesce(sum(pim) FILTER (WHERE pim > 0), 0),
  count(*) FILTER (WHERE pim > 0 AND pia > 0)::int, coalesce(sum(pim) FILTER (WHERE pim > 0 AND pia > 0), 0),
  count(*) FILTER (WHERE pim > 0 AND pia <= 0)::int, coalesce(sum(pim) FILTER (WHERE pim > 0 AND pia <= 0), 0),
  count(*) FILTER (WHERE pia > 0)::int, coalesce(sum(pia) FILTER (WHERE pia > 0), 0),
  count(*) FILTER (WHERE pia > 0 AND pim <= 0)::int, coalesce(sum(pia) FILTER (WHERE pia > 0 AND pim <= 0), 0)`;

/** The largest PIA kept per scope and year: the analysis's `top` is at most this. */
export const PLANNING_GAP_TOP = 100;

/**
 * rollup_planning_gap and its top projects for the departments of rollup_departments and the country in
 * its years, counted from their projects in rollup_project_scope (just written).
 */
async function rollUpPlanningGap(sql: Sql): Promise<void> {
  const projects = `(SELECT p.* FROM rollup_project_scope p
                     JOIN ${SCOPES} s USING (year, scope))`;
  await sql(
    `INSERT INTO rollup_planning_gap (year, scope, pim_projects, pim_amount, planned_projects, planned_pim, added_projects, added_pim, pia_projects, pia_amount, dropped_projects, dropped_pia)
     SELECT year, scope, ${PLANNING_GAP_COUNTS} FROM ${projects} p GROUP BY year, scope`,
  );
  await sql(
    `INSERT INTO rollup_planning_gap_top (year, scope, rank, cui, name, pia, pim, devengado)
     SELECT year, scope, rank, cui, name, pia, pim, devengado
     FROM (SELECT p.*, row_number() OVER (PARTITION BY year, scope ORDER BY pia DESC, cui) AS rank FROM ${projects} p WHERE pia > 0) t
     WHERE rank <= ${PLANNING_GAP_TOP}`,
  );
}

/** The population of every municipality and year 1999-2100: the same year's, else the nearest year's (the earlier on a tie). */
export async function rebuildPopulationNearest(sql: Sql): Promise<void> {
  await sql('TRUNCATE population_nearest');
  await sql(
    `INSERT INTO population_nearest (year, ubigeo, total, source_year)
     SELECT DISTINCT ON (y.year, p.ubigeo) y.year, p.ubigeo, p.total, p.year
     FROM generate_series(1999, 2100) AS y(year) CROSS JOIN population p
     ORDER BY y.year, p.ubigeo, abs(p.year - y.year), p.year`,
  );
  // the departments' rollups count population: every one is written again
  await rollUpDepartments(sql, 'SELECT DISTINCT k.year, m.department_code FROM rollup_budget_key k JOIN municipality m ON m.ubigeo = k.ubigeo');
}
