import { executionRatePct, fromCents, toCents } from '../common/decimal.js';

/** A linked project's figures: its current budget (every year, each municipality-year at its latest snapshot) and its Invierte.pe cost. */
export interface ProjectFigures {
  cui: string;
  /** Null when no current budget line has the CUI. */
  pim: string | null;
  devengado: string | null;
  /** The registry's latest updated cost, else its viable amount; null when the registry has neither. */
  cost: string | null;
}

export interface CommitmentProgress {
  /** Summed over the projects with budget lines; null when none has lines. */
  pim: string | null;
  devengado: string | null;
  /** Summed over the projects with a cost; null when none has one. */
  cost: string | null;
  /** devengado ÷ PIM × 100, one decimal (MEF's "Avance %"). */
  executionRatePct: number | null;
  /** devengado ÷ cost × 100: only when every linked project has both budget lines and a cost. */
  costProgressPct: number | null;
  /** devengado ÷ the commitment's amount × 100: only with an amount above 0 and budget lines for every linked project. */
  amountProgressPct: number | null;
  projectsWithoutBudget: string[];
  projectsWithoutCost: string[];
}

const sum = (values: string[]): bigint => values.reduce((a, v) => a + toCents(v), 0n);

/**
 * A commitment's progress from its linked projects. A share is given only when its figures are whole:
 * a project the tracker has no budget line or cost of would make it look further behind (or ahead) than
 * it is, so the share is null and the project is listed instead.
 */
export function commitmentProgress(amount: string | null, projects: readonly ProjectFigures[]): CommitmentProgress {
  const budgeted = projects.filter((p) => p.pim !== null && p.devengado !== null);
  const costed = projects.filter((p) => p.cost !== null);
  const pim = budgeted.length > 0 ? sum(budgeted.map((p) => p.pim!)) : null;
  const devengado = budgeted.length > 0 ? sum(budgeted.map((p) => p.devengado!)) : null;
  const cost = costed.length > 0 ? sum(costed.map((p) => p.cost!)) : null;
  const everyBudgeted = projects.length > 0 && budgeted.length === projects.length;
  const everyCosted = projects.length > 0 && costed.length === projects.length;
  return {
    pim: pim === null ? null : fromCents(pim),
    devengado: devengado === null ? null : fromCents(devengado),
    cost: cost === null ? null : fromCents(cost),
    executionRatePct: pim === null || devengado === null ? null : executionRatePct(devengado, pim),
    costProgressPct: everyBudgeted && everyCosted ? executionRatePct(devengado!, cost!) : null,
    amountProgressPct: everyBudgeted && amount !== null ? executionRatePct(devengado!, toCents(amount)) : null,
    projectsWithoutBudget: projects.filter((p) => !budgeted.includes(p)).map((p) => p.cui),
    projectsWithoutCost: projects.filter((p) => p.cost === null).map((p) => p.cui),
  };
}

/** "1500000" or "1500000.5" (as a request may send it) → "1500000.00" / "1500000.50". */
export function canonicalAmount(amount: string): string {
  const [whole, cents = ''] = amount.split('.');
  return `${BigInt(whole).toString()}.${cents.padEnd(2, '0')}`;
}
