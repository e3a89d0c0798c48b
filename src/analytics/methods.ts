import type { Lang } from '../i18n/messages.js';
import { method } from '../i18n/report-labels.js';
import { sentence } from '../i18n/sentences.js';
import { COVERAGE_THRESHOLD_PCT } from './coverage.js';
import type { MethodsDto } from './dto/methods.dto.js';
import { LOCATION_SHARE } from './formulas.js';

/** The formulas as the audit report's Methodology sheet words them (report-labels.ts), in that order. */
const REPORT_FORMULAS = [
  'executionRate',
  'share',
  'eclac',
  'canonUtilization',
  'canonExecution',
  'carryOver',
  'planningGap',
  'costGrowth',
  'projectArea',
  'skewIndex',
  'publicPrivate',
] as const;

/**
 * How every figure is computed, in `lang`: the Methodology sheet's formulas, then the rules the pages add (of
 * every 10 soles, peers, coverage). One wording for the workbook and the pages.
 */
export function methods(lang: Lang): MethodsDto {
  const params = { share: LOCATION_SHARE * 100 };
  const formulas = REPORT_FORMULAS.map((key) => ({ key, name: method(key, lang), method: method(`${key}.method`, lang, params) }));
  const added = (['tenSoles', 'peers', 'coverage'] as const).map((key) => ({
    key,
    name: sentence(`method.${key}.name`, lang),
    method: sentence(`method.${key}`, lang, { threshold: COVERAGE_THRESHOLD_PCT }),
  }));
  const [executionRate, share, eclac, ...rest] = formulas;
  return { thresholdPct: COVERAGE_THRESHOLD_PCT, items: [executionRate, share, eclac, added[0], ...rest, added[1], added[2]] };
}
