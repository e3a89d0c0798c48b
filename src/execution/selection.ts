import type { GeographyFilterDto } from '../common/query-params.js';

/** What an execution read selects: a geography, years and, at the detail level, budget-line filters. */
export interface ExecutionSelection extends GeographyFilterDto {
  fromYear?: number;
  toYear?: number;
  /** Detail level only: función (2 digits), rubro (2 digits), project or activity code. */
  function?: string;
  rubro?: string;
  project?: string;
}
