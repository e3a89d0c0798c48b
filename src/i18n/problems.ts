import type { KeysOnce, ProblemText } from './message-types.js';
import { ACCESS_PROBLEMS } from './problems/access.js';
import { ALERT_PROBLEMS } from './problems/alerts.js';
import { ANALYSIS_PROBLEMS } from './problems/analyses.js';
import { COMMITMENT_PROBLEMS } from './problems/commitments.js';
import { IMPORT_PROBLEMS } from './problems/imports.js';
import { REQUEST_PROBLEMS } from './problems/requests.js';

/**
 * Every problem a request can be answered with: key → HTTP status → message in Spanish (es-PE, the
 * default: the service's users are Peruvian planners) and English. The key is the problem's `code`,
 * or `CODE.variant` when one code has several messages (the part before the dot is the code).
 * Parameters are `{name}`; docs/ERRORS.md is generated from this table (src/i18n/errors-doc.ts).
 * The texts are kept by the part of the service that answers with them, in problems/; this module assembles them
 * in that order, the order of docs/ERRORS.md.
 */
export const PROBLEMS = {
  ...REQUEST_PROBLEMS,
  ...ACCESS_PROBLEMS,
  ...ALERT_PROBLEMS,
  ...ANALYSIS_PROBLEMS,
  ...COMMITMENT_PROBLEMS,
  ...IMPORT_PROBLEMS,
} as const satisfies Record<string, ProblemText> &
  KeysOnce<
    [typeof REQUEST_PROBLEMS, typeof ACCESS_PROBLEMS, typeof ALERT_PROBLEMS, typeof ANALYSIS_PROBLEMS, typeof COMMITMENT_PROBLEMS, typeof IMPORT_PROBLEMS]
  >;
