import type { BudgetRecord } from '../formats/mef-gasto.format.js';
import { areaFromName } from '../../analytics/formulas.js';
import { learnExecutingUnits } from './execution.target.js';
import { type ImportTarget, type MergeResult, recordScope, type Sql, type TargetContext, unknownMunicipalities } from './import-target.js';

const GRAIN = ['year', 'ubigeo', 'activity_kind', 'product_code', 'function_code', 'division_code', 'group_code', 'rubro_code'];
const NAMES = ['product_name', 'name_area', 'function_name', 'division_name', 'group_name', 'fuente_code', 'fuente_name', 'rubro_name'];
const STOCKS = ['pia', 'pim', 'certificacion', 'compromiso_anual'];
const FLOWS = ['devengado', 'girado'];
const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

/**
 * MEF open-data rows into budget_line. Rows at the same grain are added up; across months, stocks
 * (PIA, PIM, certificación, compromiso anual, which MEF repeats on every month's row) are taken from
 * the latest month and never summed, flows (devengado, girado) are summed.
 */
export const budgetLinesTarget: ImportTarget<BudgetRecord> = {
  // Codes sort and compare bytewise (COLLATE "C"): the merge groups a million rows by them, and a
  // locale-aware comparison of digit strings would only cost time.
  stagingColumns: `
    source_row integer NOT NULL, year smallint NOT NULL, month smallint, ubigeo varchar(6) COLLATE "C" NOT NULL,
    sec_ejec integer NOT NULL, mef_name text NOT NULL, activity_kind smallint NOT NULL, product_code varchar(12) COLLATE "C" NOT NULL,
    product_name text NOT NULL, name_area varchar(5), function_code varchar(2) COLLATE "C" NOT NULL, function_name text NOT NULL,
    division_code varchar(3) COLLATE "C" NOT NULL, division_name text NOT NULL, group_code varchar(4) COLLATE "C" NOT NULL, group_name text NOT NULL,
    fuente_code varchar(2) NOT NULL, fuente_name text NOT NULL, rubro_code varchar(2) COLLATE "C" NOT NULL, rubro_name text NOT NULL,
    ${[...STOCKS, ...FLOWS].map((c) => `${c} numeric(18,2) NOT NULL`).join(', ')}, devengado_by_month numeric(18,2)[]`,

  toCopyRow: (r) => [
    r.sourceRow, r.year, r.month, r.ubigeo, r.secEjec, r.mefName, r.activityKind, r.productCode, r.productName,
    r.activityKind === 2 ? areaFromName(r.productName) : null,
    r.functionCode, r.functionName, r.divisionCode, r.divisionName, r.groupCode, r.groupName, r.fuenteCode, r.fuenteName,
    r.rubroCode, r.rubroName, r.pia, r.pim, r.certificacion, r.compromisoAnual, r.devengado, r.girado,
    r.devengadoByMonth ? `{${r.devengadoByMonth.join(',')}}` : null,
  ],

  validate: (sql) => unknownMunicipalities(sql, 'DISTRITO_EJECUTORA'),

  async merge(sql: Sql, context: TargetContext): Promise<MergeResult> {
    const { importId, snapshotDate } = context;
    // One pass: each grain's latest month is found with a window over the same sort the grouping uses.
    await sql(
      `INSERT INTO budget_line (import_id, ${GRAIN.join(', ')}, ${NAMES.join(', ')}, ${[...STOCKS, ...FLOWS].join(', ')}, through_month,
                                devengado_by_month, pim_by_month)
       SELECT $1, ${GRAIN.join(', ')}, ${NAMES.map((n) => `max(${n})`).join(', ')},
              ${STOCKS.map((c) => `coalesce(sum(${c}) FILTER (WHERE month IS NOT DISTINCT FROM last_month), 0)`).join(', ')},
              ${FLOWS.map((c) => `sum(${c})`).join(', ')}, max(month),
              -- the monthly grain: devengado of each month (rows with MES_EJE, or the monthly columns) and PIM as of each month
              CASE WHEN count(month) + count(devengado_by_month) > 0 THEN ARRAY[${MONTHS.map((m) => `coalesce(sum(devengado) FILTER (WHERE month = ${m}), sum(devengado_by_month[${m}]))`).join(', ')}] END,
              CASE WHEN count(month) > 0 THEN ARRAY[${MONTHS.map((m) => `sum(pim) FILTER (WHERE month = ${m})`).join(', ')}] END
       FROM (SELECT s.*, max(s.month) OVER (PARTITION BY ${GRAIN.map((c) => `s.${c}`).join(', ')}) AS last_month FROM staging s) x
       GROUP BY ${GRAIN.join(', ')}`,
      [importId],
    );

    const same = GRAIN.map((c) => `o.${c} = b.${c}`).join(' AND ');
    const amounts = [...STOCKS, ...FLOWS];
    const [counts] = await sql(
      `WITH previous AS (
         -- per municipality-year, the import that was current at this file's cut-off
         SELECT DISTINCT ON (sc.ubigeo, sc.year) sc.ubigeo, sc.year, sc.import_id
         FROM import_scope sc
         WHERE sc.dataset = 'budget' AND sc.import_id <> $1 AND sc.snapshot_date <= $2
           AND (sc.ubigeo, sc.year) IN (SELECT DISTINCT ubigeo, year FROM staging)
         ORDER BY sc.ubigeo, sc.year, sc.snapshot_date DESC, sc.import_id DESC
       ),
       -- materialised first: the lines just inserted have no statistics yet, and a plan that probed
       -- all budget lines once per new line would take minutes
       previous_lines AS MATERIALIZED (
         SELECT o.* FROM budget_line o JOIN previous p ON o.import_id = p.import_id AND o.ubigeo = p.ubigeo AND o.year = p.year
       ),
       new_lines AS MATERIALIZED (SELECT * FROM budget_line WHERE import_id = $1)
       SELECT count(*) FILTER (WHERE o.id IS NULL)::int AS inserted,
              count(*) FILTER (WHERE o.id IS NOT NULL AND (${amounts.map((c) => `o.${c}`)}) IS DISTINCT FROM (${amounts.map((c) => `b.${c}`)}))::int AS revised,
              count(*) FILTER (WHERE o.id IS NOT NULL AND (${amounts.map((c) => `o.${c}`)}) IS NOT DISTINCT FROM (${amounts.map((c) => `b.${c}`)}))::int AS unchanged,
              array_agg(DISTINCT b.year ORDER BY b.year) AS years
       FROM new_lines b
       LEFT JOIN previous_lines o ON ${same}`,
      [importId, snapshotDate],
    );
    await recordScope(sql, 'budget', context);
    await learnExecutingUnits(sql);
    return { inserted: counts.inserted, revised: counts.revised, unchanged: counts.unchanged, years: counts.years ?? [], warnings: [] };
  },
};
