import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Lang } from '../i18n/messages.js';
import { monthName } from '../i18n/months.js';
import { listAnd, sentence } from '../i18n/sentences.js';

/** The earliest cut-off of each input the analyses read, over a selection's municipalities, for one year. */
export interface YearCutOffs {
  year: number;
  /** Consulta Amigable totals, budget lines, budget lines by función: the earliest snapshot date among the current ones. */
  totals: string | null;
  lines: string | null;
  functionLines: string | null;
  /** Canon transfers: the earliest month they run to (12: the whole year). */
  transfersThrough: number | null;
}

/**
 * Where a year's figures were cut before the year ended: a finding of that year holds as of its cut-off, not for
 * the year (a PIM and devengado of May, transfers to September). The audit report says so beside the findings.
 */
@Injectable()
export class PeriodCutOffs {
  constructor(private readonly db: DataSource) {}

  /** The current inputs' cut-offs for each of `years` over the municipalities `ubigeos`. */
  read(ubigeos: string[], years: number[]): Promise<YearCutOffs[]> {
    return this.db.query(
      `SELECT y.year,
              (SELECT min(c.snapshot_date)::text FROM execution_current c WHERE c.year = y.year AND c.ubigeo = ANY($1::text[])) AS totals,
              (SELECT min(s.snapshot_date)::text FROM scope_current s WHERE s.dataset = 'budget' AND s.year = y.year AND s.ubigeo = ANY($1::text[])) AS lines,
              (SELECT min(s.snapshot_date)::text FROM scope_current s WHERE s.dataset = 'budget_function' AND s.year = y.year AND s.ubigeo = ANY($1::text[])) AS "functionLines",
              (SELECT min(c.through_month)::int FROM canon_received_current c WHERE c.year = y.year AND c.ubigeo = ANY($1::text[])) AS "transfersThrough"
       FROM unnest($2::int[]) AS y(year) ORDER BY y.year`,
      [ubigeos, years],
    );
  }
}

/** The sentence saying which inputs of a year were cut before it ended, or null when none was. */
export function partialYearSentence(c: YearCutOffs, lang: Lang): string | null {
  // cut on 31 December or later: the year had ended
  const open = (date: string | null) => date !== null && date < `${c.year}-12-31`;
  const parts: string[] = [];
  if (open(c.totals)) parts.push(sentence('report.partial.totals', lang, { date: c.totals! }));
  if (open(c.lines)) parts.push(sentence('report.partial.lines', lang, { date: c.lines! }));
  if (open(c.functionLines)) parts.push(sentence('report.partial.functionLines', lang, { date: c.functionLines! }));
  if (c.transfersThrough !== null && c.transfersThrough < 12)
    parts.push(sentence('report.partial.transfers', lang, { month: monthName(c.transfersThrough, lang) }));
  if (parts.length === 0) return null;
  return sentence('report.partialYear', lang, { year: c.year, inputs: listAnd(parts, lang) });
}
