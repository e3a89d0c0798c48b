import { distribute, largestRemainder, type MunicipalityInput, type TierRule } from './distribution.js';

// Ley 27506 as modified (seeded version 1): 10 / 25 / 40 / 20 / 5 %
const LAW: TierRule[] = [
  { tier: 'producing_district', shareMilli: 10000n, split: 'index' },
  { tier: 'producing_province', shareMilli: 25000n, split: 'index' },
  { tier: 'department', shareMilli: 40000n, split: 'index' },
  { tier: 'regional_government', shareMilli: 20000n, split: 'whole' },
  { tier: 'universities', shareMilli: 5000n, split: 'whole' },
];

// A and B in province 0101, C and D in 0102; D has no index
const PLACES: MunicipalityInput[] = [
  { ubigeo: '010101', provinceCode: '0101', official: null, estimate: 1n },
  { ubigeo: '010102', provinceCode: '0101', official: null, estimate: 2n },
  { ubigeo: '010201', provinceCode: '0102', official: null, estimate: 1n },
  { ubigeo: '010202', provinceCode: '0102', official: null, estimate: null },
];

describe('largest-remainder rounding', () => {
  it.each([
    // 100 / 3 = 33.33 each: floors 33 + 33 + 33 = 99, the one left goes to the first of three equal remainders
    [100n, [1n, 1n, 1n], [34n, 33n, 33n]],
    // 10 × 1/3 = 3.33 (r 1), 10 × 2/3 = 6.67 (r 2): floors 3 + 6 = 9, the one left to the larger remainder
    [10n, [1n, 2n], [3n, 7n]],
    // a weight of 0 gets nothing
    [7n, [0n, 1n], [0n, 7n]],
    // a reversal is divided as its opposite: -10 → -3, -7
    [-10n, [1n, 2n], [-3n, -7n]],
  ])('%p by %p → %p', (total, weights, parts) => {
    expect(largestRemainder(total, weights)).toEqual(parts);
  });

  it('refuses weights that cannot divide', () => {
    expect(() => largestRemainder(5n, [0n, 0n])).toThrow(/not all zero/);
    expect(() => largestRemainder(5n, [-1n, 2n])).toThrow(/non-negative/);
  });
});

describe('distribute', () => {
  it('splits each tier among its municipalities, two producing districts in two provinces, one municipality without an index', () => {
    // pot S/ 1,000.00 = 100,000 c → tiers 10,000 / 25,000 / 40,000 / 20,000 / 5,000 c (exact)
    const d = distribute(100000n, LAW, PLACES, ['010101', '010201']);
    expect(d.tiers.map((t) => [t.rule.tier, t.amount, t.status])).toEqual([
      ['producing_district', 10000n, 'split'],
      ['producing_province', 25000n, 'split'],
      ['department', 40000n, 'split'],
      ['regional_government', 20000n, 'whole'],
      ['universities', 5000n, 'whole'],
    ]);
    // district: A and C, weights 1 and 1 → 5,000 each
    // province: both provinces → A, B, C, D; D has no index → weights 1, 2, 1 (sum 4): 6,250 / 12,500 / 6,250
    // department: the same four → 10,000 / 20,000 / 10,000, D null
    expect(d.tiers[1].withoutIndex).toEqual(['010202']);
    expect(d.municipalities.get('010101')).toEqual({ expected: 21250n, byTier: { producing_district: 5000n, producing_province: 6250n, department: 10000n } });
    expect(d.municipalities.get('010102')).toEqual({ expected: 32500n, byTier: { producing_district: 0n, producing_province: 12500n, department: 20000n } });
    expect(d.municipalities.get('010201')).toEqual({ expected: 21250n, byTier: { producing_district: 5000n, producing_province: 6250n, department: 10000n } });
    expect(d.municipalities.get('010202')).toEqual({ expected: null, byTier: { producing_district: 0n, producing_province: null, department: null } });
    // 21,250 + 32,500 + 21,250 + 20,000 + 5,000 = 100,000: nothing unassigned
    expect(d.unassigned).toBe(0n);
  });

  it('leaves the producing tiers unsplit, and says so with nulls, when no producing districts were entered', () => {
    const d = distribute(100000n, LAW, PLACES, null);
    expect(d.tiers.map((t) => t.status)).toEqual(['not_split', 'not_split', 'split', 'whole', 'whole']);
    expect(d.unassigned).toBe(35000n); // 10,000 + 25,000
    expect(d.municipalities.get('010102')).toEqual({ expected: null, byTier: { producing_district: null, producing_province: null, department: 20000n } });
  });

  it('reports an empty tier as unassigned: the only producing district has no index', () => {
    const d = distribute(100000n, LAW, PLACES, ['010202']);
    expect(d.tiers[0]).toMatchObject({ status: 'empty', members: ['010202'], withoutIndex: ['010202'], unassigned: 10000n });
    // province 0102: C alone has an index → all 25,000 to C
    expect(d.municipalities.get('010201')!.byTier.producing_province).toBe(25000n);
    expect(d.municipalities.get('010202')!.byTier.producing_district).toBeNull();
    expect(d.unassigned).toBe(10000n);
  });

  it('rounds the tiers by largest remainder: S/ 0.10 under 10/25/40/20/5 %', () => {
    // exact 1, 2.5, 4, 2, 0.5 c → floors 1, 2, 4, 2, 0 = 9; the cent left: remainders 0.5 tie → the earlier tier (province)
    const d = distribute(10n, LAW, PLACES, ['010101']);
    expect(d.tiers.map((t) => t.amount)).toEqual([1n, 3n, 4n, 2n, 0n]);
  });

  it('weighs a tier by official indices only when every member has one', () => {
    const mixed = PLACES.map((p) => ({ ...p, official: p.ubigeo.startsWith('0101') ? 3n : null }));
    const d = distribute(100000n, LAW, mixed, ['010101']);
    // district tier: A has an official index → official; province 0101: A and B both official (3, 3) → 12,500 each
    expect(d.tiers.slice(0, 3).map((t) => t.indexSource)).toEqual(['official', 'official', 'estimate']);
    expect(d.municipalities.get('010102')!.byTier.producing_province).toBe(12500n);
  });

  it('splits equally when the rules say so, members without an index included', () => {
    const equal = LAW.map((r) => (r.tier === 'department' ? { ...r, split: 'equal' as const } : r));
    const d = distribute(100000n, equal, PLACES, ['010101']);
    // 40,000 / 4 = 10,000 each, D too
    expect([...d.tiers[2].parts.values()]).toEqual([10000n, 10000n, 10000n, 10000n]);
  });

  it('refuses a version whose shares do not add up to 100 %', () => {
    expect(() => distribute(1n, LAW.slice(1), PLACES, null)).toThrow(/add up to 100/);
  });
});
