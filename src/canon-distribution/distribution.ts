/**
 * Canon by law: a department's rubro-18 pot divided by a version of the distribution rules. Pure and
 * exact: money in bigint céntimos, shares in thousandths of a percent, weights as whole numbers.
 */

export const TIERS = ['producing_district', 'producing_province', 'department', 'regional_government', 'universities'] as const;
export type Tier = (typeof TIERS)[number];
export const MUNICIPAL_TIERS = ['producing_district', 'producing_province', 'department'] as const;
export type MunicipalTier = (typeof MUNICIPAL_TIERS)[number];
export type Split = 'equal' | 'index' | 'whole';
/** split: divided among its municipalities; whole: one recipient (the regional government, the universities together);
 * not_split: its municipalities are unknown (no producing districts entered); empty: no municipality it could go to. */
export type TierStatus = 'split' | 'whole' | 'not_split' | 'empty';
export type IndexSource = 'official' | 'estimate';

export interface TierRule {
  tier: Tier;
  /** Share of the pot in thousandths of a percent: 10 % = 10000n. The tiers of a version add up to 100000n. */
  shareMilli: bigint;
  split: Split;
}

export interface MunicipalityInput {
  ubigeo: string;
  provinceCode: string;
  /** MEF's index (any fixed scale), when imported. */
  official: bigint | null;
  /** The estimate: population × poverty rate; null when either is unknown. */
  estimate: bigint | null;
}

export interface TierResult {
  rule: TierRule;
  amount: bigint;
  status: TierStatus;
  /** For index tiers that were split: whose index. */
  indexSource: IndexSource | null;
  /** Municipalities in the tier (known only when its status is not not_split). */
  members: string[];
  /** Members left out of an index split for want of an index (the tier went to the others). */
  withoutIndex: string[];
  /** The part of the tier's amount that no one could be given (not_split, empty). */
  unassigned: bigint;
  /** Each member's part; a member without index maps to null. */
  parts: Map<string, bigint | null>;
}

export interface MunicipalityResult {
  /** Sum of its tiers; null when a tier's part of it is unknown. */
  expected: bigint | null;
  /** Its part of each municipal tier: 0 when not a member, null when unknown. */
  byTier: Record<MunicipalTier, bigint | null>;
}

export interface Distribution {
  tiers: TierResult[];
  municipalities: Map<string, MunicipalityResult>;
  unassigned: bigint;
}

/**
 * `total` divided in proportion to `weights` (non-negative, not all zero), in whole units that add up to
 * `total` exactly: each part is floored, and the units left over go one each to the largest remainders
 * (ties: the earlier weight). A negative total is divided as its opposite and negated.
 */
export function largestRemainder(total: bigint, weights: bigint[]): bigint[] {
  if (total < 0n) return largestRemainder(-total, weights).map((p) => -p);
  const sum = weights.reduce((a, w) => a + w, 0n);
  if (weights.some((w) => w < 0n) || sum <= 0n) throw new Error('weights must be non-negative and not all zero');
  const parts = weights.map((w) => (total * w) / sum);
  const remainders = weights.map((w, i) => ({ i, r: (total * w) % sum }));
  let left = total - parts.reduce((a, p) => a + p, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    parts[i] += 1n;
    left -= 1n;
  }
  return parts;
}

/**
 * The pot divided by one version of the rules. `producing` is null when no producing districts were
 * entered: the producing-district and producing-province tiers cannot then be split.
 */
export function distribute(pot: bigint, rules: TierRule[], municipalities: MunicipalityInput[], producing: string[] | null): Distribution {
  const ordered = TIERS.map((t) => rules.find((r) => r.tier === t)).filter((r): r is TierRule => r !== undefined);
  if (ordered.length !== rules.length || ordered.reduce((a, r) => a + r.shareMilli, 0n) !== 100000n) {
    throw new Error('the tiers of a rules version must be distinct and add up to 100 %');
  }
  const amounts = largestRemainder(
    pot,
    ordered.map((r) => r.shareMilli),
  );
  const sorted = [...municipalities].sort((a, b) => (a.ubigeo < b.ubigeo ? -1 : 1));
  const producingSet = producing === null ? null : new Set(producing);
  const provinces = producing === null ? null : new Set(sorted.filter((m) => producingSet!.has(m.ubigeo)).map((m) => m.provinceCode));

  const tiers = ordered.map((rule, i) => splitTier(rule, amounts[i], membersOf(rule.tier, sorted, producingSet, provinces)));
  const result = new Map<string, MunicipalityResult>();
  for (const m of sorted) {
    const byTier = { producing_district: 0n, producing_province: 0n, department: 0n } as Record<MunicipalTier, bigint | null>;
    for (const t of tiers) {
      if (t.rule.split === 'whole') continue;
      const tier = t.rule.tier as MunicipalTier;
      // not a member: 0; a member without an index, or any municipality of a tier whose members are unknown: null
      byTier[tier] = t.status === 'not_split' ? null : t.parts.has(m.ubigeo) ? t.parts.get(m.ubigeo)! : 0n;
    }
    const values = Object.values(byTier);
    result.set(m.ubigeo, { byTier, expected: values.includes(null) ? null : (values as bigint[]).reduce((a, v) => a + v, 0n) });
  }
  return { tiers, municipalities: result, unassigned: tiers.reduce((a, t) => a + t.unassigned, 0n) };
}

/** The tier's municipalities; null when they cannot be known. */
function membersOf(tier: Tier, sorted: MunicipalityInput[], producing: Set<string> | null, provinces: Set<string> | null): MunicipalityInput[] | null {
  switch (tier) {
    case 'producing_district':
      return producing && sorted.filter((m) => producing.has(m.ubigeo));
    case 'producing_province':
      return provinces && sorted.filter((m) => provinces.has(m.provinceCode));
    case 'department':
      return sorted;
    default:
      return [];
  }
}

function splitTier(rule: TierRule, amount: bigint, members: MunicipalityInput[] | null): TierResult {
  const base = { rule, amount, indexSource: null, withoutIndex: [], unassigned: 0n, parts: new Map<string, bigint | null>() };
  if (rule.split === 'whole') return { ...base, status: 'whole', members: [] };
  if (members === null) return { ...base, status: 'not_split', members: [], unassigned: amount };
  const ubigeos = members.map((m) => m.ubigeo);
  if (rule.split === 'equal') {
    if (members.length === 0) return { ...base, status: 'empty', members: ubigeos, unassigned: amount };
    const parts = largestRemainder(
      amount,
      members.map(() => 1n),
    );
    return { ...base, status: 'split', members: ubigeos, parts: new Map(members.map((m, i) => [m.ubigeo, parts[i]])) };
  }
  // index: MEF's when every member has one (indices of two sources are not on one scale), else the estimate
  const indexSource: IndexSource = members.length > 0 && members.every((m) => m.official !== null) ? 'official' : 'estimate';
  const weightOf = (m: MunicipalityInput) => (indexSource === 'official' ? m.official : m.estimate);
  const weighed = members.filter((m) => weightOf(m) !== null);
  const withoutIndex = members.filter((m) => weightOf(m) === null).map((m) => m.ubigeo);
  if (weighed.reduce((a, m) => a + weightOf(m)!, 0n) <= 0n) {
    return { ...base, status: 'empty', members: ubigeos, withoutIndex, unassigned: amount, parts: new Map(withoutIndex.map((u) => [u, null])) };
  }
  const parts = largestRemainder(
    amount,
    weighed.map((m) => weightOf(m)!),
  );
  const map = new Map<string, bigint | null>(weighed.map((m, i) => [m.ubigeo, parts[i]]));
  for (const u of withoutIndex) map.set(u, null);
  return { ...base, status: 'split', indexSource, members: ubigeos, withoutIndex, parts: map };
}
