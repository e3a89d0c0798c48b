import { divRoundHalfUp, executionRatePct, fromCents } from '../common/decimal.js';
import { costGrowthPct, sharePct } from '../analytics/formulas.js';
import type { Lang } from '../i18n/messages.js';
import { sentence } from '../i18n/sentences.js';

/**
 * The kinds of alert rule: each one's parameters, what it reads, a pure evaluation and the sentence an
 * alert of it says. The subscriptions' DTO, their validation, the evaluations and the alerts' messages all
 * iterate this registry: a new kind of rule is one new entry (and, when it reads facts no other rule does,
 * a loader in alerts.repository.ts). Two shapes:
 * - a rule of figures (FiguresRule) evaluates a municipality-year an import has just made current;
 * - a rule of commitments (CommitmentRule) evaluates the commitments (src/commitments) a subscription's
 *   places select on a day: after an import commits, after a commitment is written, and on a clock,
 *   since a deadline passes without either.
 */

/** A municipality-year an import has just made current, with the datasets it brought for it. */
export interface PlaceYear {
  ubigeo: string;
  departmentCode: string;
  year: number;
  /** 'budget' (budget lines), 'canon' (rubro-18 transfers), 'execution' (Consulta Amigable totals) */
  datasets: string[];
}

/** A municipality-year's current budget lines, as rollup_budget_year holds them; amounts in céntimos. */
export interface BudgetYear {
  snapshotDate: string;
  pia: bigint;
  pim: bigint;
  devengado: bigint;
  rubro18Lines: number;
  rubro18Devengado: bigint;
}

/** Rubro-18 transfers of a municipality-year (the current import's rubro18_total), in céntimos. */
export interface CanonYear {
  snapshotDate: string;
  transferred: bigint;
}

/** A municipality of a department with its current budget in a year: a peer for the execution rule. */
export interface PeerYear {
  ubigeo: string;
  pim: bigint;
  devengado: bigint;
}

/** A project (activity kind 2) of a municipality-year's current budget with PIA and no devengado. */
export interface IdleProject {
  cui: string;
  name: string;
  pia: bigint;
  pim: bigint;
  devengado: bigint;
}

export interface ExecutionYear {
  snapshotDate: string;
  pia: bigint;
  pim: bigint;
  devengado: bigint;
}

/** What the rules read, for the municipality-years of one evaluation: keyed `ubigeo/year`, peers `department/year`. */
export interface AlertFacts {
  budget: Map<string, BudgetYear>;
  canon: Map<string, CanonYear>;
  execution: Map<string, ExecutionYear>;
  peers: Map<string, PeerYear[]>;
  idleProjects: Map<string, IdleProject[]>;
}
export type FactKind = keyof AlertFacts;

export const placeKey = (ubigeo: string, year: number): string => `${ubigeo}/${year}`;

/** What fired: the municipality, the period, the figures (an alert is unique on them) and the snapshot they describe. */
export interface Firing {
  ubigeo: string;
  period: string;
  figures: Figures;
  /** What the alert is unique on when not all its figures (they may show what changes without firing again). */
  identity?: Figures;
  asOf: string | null;
}
export type Figures = Record<string, string | number>;
export type RuleParams = Readonly<Record<string, number>>;

export interface RuleParam {
  min: number;
  max: number;
  /** 0: a whole number; 1: at most one decimal */
  decimals: 0 | 1;
  example: number;
  description: string;
}

interface RuleCommon {
  description: string;
  params: Record<string, RuleParam>;
  message(alert: { figures: Figures; params: RuleParams; place: string }, lang: Lang): string;
}

/** A rule of a municipality-year's figures, evaluated after an import makes them current. */
export interface FiguresRule extends RuleCommon {
  /** The datasets whose new figures can change its outcome: it is evaluated only for them. */
  triggers: readonly string[];
  needs: readonly FactKind[];
  evaluate(place: PlaceYear, facts: AlertFacts, params: RuleParams): Firing[];
}

/**
 * A commitment past its deadline and not fulfilled on the day evaluated (src/commitments/overdue.ts),
 * one a subscription's places select: a place of the commitment is one of them, inside one, or contains
 * one (as GET /commitments?place= matches).
 */
export interface OverdueCommitment {
  id: number;
  forum: string;
  partyName: string;
  description: string;
  deadline: string;
  status: string;
  /** The municipality its alert is filed under: the first (by ubigeo) of its municipalities inside the subscription's places. */
  ubigeo: string;
}

/** A rule of the commitments on a day ("today", passed in: the clock's, or a test's). */
export interface CommitmentRule extends RuleCommon {
  evaluateOn(commitments: readonly OverdueCommitment[], today: string, params: RuleParams): Firing[];
}

export type RuleKind = FiguresRule | CommitmentRule;
export const isFiguresRule = (rule: RuleKind): rule is FiguresRule => 'evaluate' in rule;

/** Fewer peers than this and a median says little: the execution rule stays silent. */
export const MIN_PEERS = 3;

/**
 * The month a budget snapshot describes within its year: its own month in the same year, 12 (the
 * whole year) when taken after the year, 0 (nothing yet) when taken before it.
 */
export function dataMonth(snapshotDate: string, year: number): number {
  const snapshotYear = Number(snapshotDate.slice(0, 4));
  if (snapshotYear > year) return 12;
  if (snapshotYear < year) return 0;
  return Number(snapshotDate.slice(5, 7));
}

/** A percentage or points parameter (at most one decimal) in tenths: 12.5 → 125n. */
const tenths = (v: number): bigint => BigInt(Math.round(v * 10));

/** Median of rates given in tenths: the middle one, or the mean of the two middle ones rounded half up. */
export function medianTenths(values: bigint[]): bigint | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : divRoundHalfUp(sorted[mid - 1] + sorted[mid], 2n);
}

const PCT = (description: string, example: number, max = 100): RuleParam => ({ min: 0, max, decimals: 1, example, description });
const BY_MONTH: RuleParam = {
  min: 1,
  max: 12,
  decimals: 0,
  example: 6,
  description: 'The month (1-12) from which the rule applies: a budget snapshot describing an earlier month of the year does not fire it.',
};
const str = (v: string | number) => String(v);

export const RULES = {
  canon_utilisation: {
    description: 'Rubro-18 devengado under belowPct % of the canon transferred (rubro 18) in the year, once the budget describes month byMonth or later.',
    params: { belowPct: PCT('The utilisation (devengado ÷ transferred × 100) under which it fires.', 50), byMonth: BY_MONTH },
    triggers: ['budget', 'canon'],
    needs: ['budget', 'canon'],
    evaluate(place, facts, params) {
      const budget = facts.budget.get(placeKey(place.ubigeo, place.year));
      const canon = facts.canon.get(placeKey(place.ubigeo, place.year));
      // without rubro-18 lines the devengado is unknown, not zero (as GET /analytics/canon has it)
      if (!budget || !canon || budget.rubro18Lines === 0 || canon.transferred <= 0n) return [];
      if (dataMonth(budget.snapshotDate, place.year) < params.byMonth) return [];
      // exactly: devengado ÷ transferred < belowPct ÷ 100, in tenths of a percent
      if (budget.rubro18Devengado * 1000n >= tenths(params.belowPct) * canon.transferred) return [];
      const figures = {
        year: place.year,
        transferred: fromCents(canon.transferred),
        devengado: fromCents(budget.rubro18Devengado),
        utilisationPct: sharePct(budget.rubro18Devengado, canon.transferred)!,
      };
      return [{ ubigeo: place.ubigeo, period: String(place.year), figures, asOf: budget.snapshotDate }];
    },
    message: ({ figures: f, params, place }, lang) =>
      sentence('alert.canon_utilisation', lang, {
        year: f.year,
        place,
        pct: f.utilisationPct,
        devengado: f.devengado,
        transferred: f.transferred,
        threshold: params.belowPct,
        month: params.byMonth,
      }),
  },
  execution_below_peers: {
    description: `Execution rate (devengado ÷ PIM) more than \`points\` points under the median of its peers: the other municipalities of its department with a PIM that year (at least ${MIN_PEERS}).`,
    params: { points: PCT('How many percentage points under the peers’ median it must be.', 15) },
    triggers: ['budget'],
    needs: ['budget', 'peers'],
    evaluate(place, facts, params) {
      const budget = facts.budget.get(placeKey(place.ubigeo, place.year));
      const rate = budget ? executionRatePct(budget.devengado, budget.pim) : null;
      if (rate === null) return [];
      const peers = (facts.peers.get(`${place.departmentCode}/${place.year}`) ?? [])
        .filter((p) => p.ubigeo !== place.ubigeo)
        .map((p) => executionRatePct(p.devengado, p.pim))
        .filter((r): r is number => r !== null);
      if (peers.length < MIN_PEERS) return [];
      const median = medianTenths(peers.map(tenths))!;
      const gap = median - tenths(rate);
      if (gap <= tenths(params.points)) return [];
      const figures = { year: place.year, executionPct: rate, peerMedianPct: Number(median) / 10, gapPoints: Number(gap) / 10, peers: peers.length };
      return [{ ubigeo: place.ubigeo, period: String(place.year), figures, asOf: budget!.snapshotDate }];
    },
    message: ({ figures: f, place }, lang) =>
      sentence('alert.execution_below_peers', lang, { year: f.year, place, rate: f.executionPct, gap: f.gapPoints, peers: f.peers, median: f.peerMedianPct }),
  },
  pia_project_without_devengado: {
    description: 'A project (CUI) with PIA in the year and no devengado, once the budget describes month byMonth or later; one alert per project.',
    params: { byMonth: BY_MONTH },
    triggers: ['budget'],
    needs: ['budget', 'idleProjects'],
    evaluate(place, facts, params) {
      const budget = facts.budget.get(placeKey(place.ubigeo, place.year));
      if (!budget || dataMonth(budget.snapshotDate, place.year) < params.byMonth) return [];
      return (facts.idleProjects.get(placeKey(place.ubigeo, place.year)) ?? []).map((p) => ({
        ubigeo: place.ubigeo,
        period: String(place.year),
        figures: { year: place.year, cui: p.cui, name: p.name, pia: fromCents(p.pia), pim: fromCents(p.pim), devengado: fromCents(p.devengado) },
        asOf: budget.snapshotDate,
      }));
    },
    message: ({ figures: f, params, place }, lang) =>
      sentence('alert.pia_project_without_devengado', lang, { cui: str(f.cui), name: str(f.name), place, pia: f.pia, year: f.year, month: params.byMonth }),
  },
  pim_over_pia: {
    description: 'PIM more than overPct % over the PIA of the year (a year without PIA never fires it).',
    params: { overPct: PCT('How far over the PIA (in %) the PIM must be.', 30, 100_000) },
    triggers: ['budget'],
    needs: ['budget'],
    evaluate(place, facts, params) {
      const budget = facts.budget.get(placeKey(place.ubigeo, place.year));
      if (!budget || budget.pia <= 0n) return [];
      // exactly: (PIM − PIA) ÷ PIA > overPct ÷ 100, in tenths of a percent
      if ((budget.pim - budget.pia) * 1000n <= tenths(params.overPct) * budget.pia) return [];
      const figures = { year: place.year, pia: fromCents(budget.pia), pim: fromCents(budget.pim), overPct: costGrowthPct(budget.pia, budget.pim)! };
      return [{ ubigeo: place.ubigeo, period: String(place.year), figures, asOf: budget.snapshotDate }];
    },
    message: ({ figures: f, params, place }, lang) =>
      sentence('alert.pim_over_pia', lang, { year: f.year, place, pim: f.pim, pia: f.pia, pct: f.overPct, threshold: params.overPct }),
  },
  new_figures: {
    description:
      'New figures for the place: each municipality-year for which an import brings budget lines, canon transfers or Consulta Amigable totals different from any alerted before.',
    params: {},
    triggers: ['budget', 'canon', 'execution'],
    needs: ['budget', 'canon', 'execution'],
    evaluate(place, facts) {
      const key = placeKey(place.ubigeo, place.year);
      const firing = (figures: Figures, asOf: string): Firing => ({
        ubigeo: place.ubigeo,
        period: String(place.year),
        figures: { year: place.year, ...figures },
        asOf,
      });
      const out: Firing[] = [];
      const budget = facts.budget.get(key);
      if (place.datasets.includes('budget') && budget)
        out.push(
          firing({ dataset: 'budget', pia: fromCents(budget.pia), pim: fromCents(budget.pim), devengado: fromCents(budget.devengado) }, budget.snapshotDate),
        );
      const canon = facts.canon.get(key);
      if (place.datasets.includes('canon') && canon) out.push(firing({ dataset: 'canon', transferred: fromCents(canon.transferred) }, canon.snapshotDate));
      const execution = facts.execution.get(key);
      if (place.datasets.includes('execution') && execution) {
        out.push(
          firing(
            { dataset: 'execution', pia: fromCents(execution.pia), pim: fromCents(execution.pim), devengado: fromCents(execution.devengado) },
            execution.snapshotDate,
          ),
        );
      }
      return out;
    },
    message: ({ figures: f, place }, lang) => {
      const key = f.dataset === 'canon' ? 'alert.new_figures.canon' : f.dataset === 'execution' ? 'alert.new_figures.execution' : 'alert.new_figures.budget';
      return sentence(key, lang, { ...f, place });
    },
  },
  commitment_overdue: {
    description:
      'A commitment (GET /commitments) that concerns the places is past its deadline and not fulfilled: one alert per commitment and deadline, on the first evaluation that finds it so ' +
      '(after an import, after the commitment is written, and hourly); a commitment whose deadline is moved, and passes again, fires again.',
    params: {},
    evaluateOn(commitments, today) {
      // unique on the commitment and its deadline (the period): not its status or wording, which may change while it stays overdue
      return commitments.map((c) => ({
        ubigeo: c.ubigeo,
        period: c.deadline,
        figures: { commitmentId: c.id, forum: c.forum, partyName: c.partyName, description: c.description, deadline: c.deadline, status: c.status },
        identity: { commitmentId: c.id, deadline: c.deadline },
        asOf: today,
      }));
    },
    message: ({ figures: f, place }, lang) =>
      sentence('alert.commitment_overdue', lang, {
        id: f.commitmentId,
        party: str(f.partyName),
        forum: str(f.forum),
        place,
        deadline: str(f.deadline),
        description: str(f.description),
      }),
  },
} satisfies Record<string, RuleKind>;

export type RuleKindName = keyof typeof RULES;
export const RULE_KINDS = Object.keys(RULES) as RuleKindName[];
export const ruleOf = (kind: string): RuleKind | undefined => (Object.hasOwn(RULES, kind) ? (RULES as Record<string, RuleKind>)[kind] : undefined);
/** Every parameter name any rule takes (the DTO's optional fields). */
export const RULE_PARAMS = [...new Set(Object.values(RULES as Record<string, RuleKind>).flatMap((r) => Object.keys(r.params)))];

/** A rule's identity: its kind and parameters, e.g. "pim_over_pia:overPct=30". Alerts are unique on it. */
export function ruleKey(kind: string, params: RuleParams): string {
  const names = Object.keys(params).sort();
  return names.length === 0 ? kind : `${kind}:${names.map((n) => `${n}=${params[n]}`).join(';')}`;
}
