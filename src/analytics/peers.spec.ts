import { inBand, medianOf, peerBand, type PeerInputs, perCapitaCents, rankOf, standings } from './peers.js';

const inputs = (ubigeo: string, population: number | null, pim: bigint | null, devengado: bigint | null, transferred: bigint | null): PeerInputs => ({
  ubigeo,
  population,
  pim,
  devengado,
  transferred,
});

describe('peers', () => {
  it.each([
    // 10,000 inhabitants: 5,000 to 20,000
    [10_000, 5_000, 20_000],
    // 62,141: half is 31,070.5, so 31,071 is the smallest whole population at or above it; double 124,282
    [62_141, 31_071, 124_282],
    [1, 1, 2],
  ])('the band of %p inhabitants is %p to %p', (population, min, max) => {
    expect(peerBand(population)).toEqual({ min, max });
  });

  it('includes both ends of the band, and never a peer without population', () => {
    expect([inBand(10_000, 5_000), inBand(10_000, 4_999), inBand(10_000, 20_000), inBand(10_000, 20_001), inBand(10_000, null)]).toEqual([
      true,
      false,
      true,
      false,
      false,
    ]);
  });

  it.each([
    [[], null],
    [[7n], 7n],
    [[3n, 1n, 2n], 2n], // sorted 1, 2, 3
    [[4n, 1n, 3n, 2n], 3n], // (2 + 3) ÷ 2 = 2.5 → 3, half away from zero
    [[10n, 20n, 30n, 41n], 25n], // (20 + 30) ÷ 2 = 25
  ])('the median of %p is %p', (values, median) => {
    expect(medianOf(values)).toBe(median);
  });

  it('ranks 1 as the highest, equal values sharing a rank', () => {
    expect(rankOf(50n, [70n, 50n, 10n])).toBe(2); // one higher
    expect(rankOf(90n, [70n, 50n])).toBe(1);
    expect(rankOf(10n, [70n, 10n, 50n])).toBe(3);
    expect(rankOf(null, [70n])).toBeNull();
  });

  it('divides per inhabitant to the céntimo, half away from zero, and knows no value without an input', () => {
    // S/ 100.00 over 3 people = 33.333… → 33.33
    expect(perCapitaCents(10_000n, 3)).toBe(3_333n);
    // S/ 0.05 over 2 people = 0.025 → 0.03
    expect(perCapitaCents(5n, 2)).toBe(3n);
    expect(perCapitaCents(null, 3)).toBeNull();
    expect(perCapitaCents(10_000n, null)).toBeNull();
    expect(perCapitaCents(10_000n, 0)).toBeNull();
  });

  it('stands the place against the peers that have each input, leaving the others out', () => {
    const place = inputs('000001', 1_000, 100_000n, 80_000n, 50_000n); // 80.0 %, S/ 0.80 and S/ 0.50 a head
    const peers = [
      inputs('000002', 1_000, 100_000n, 90_000n, null), // 90.0 %, S/ 0.90; no transfers
      inputs('000003', 2_000, 100_000n, 60_000n, 300_000n), // 60.0 %, S/ 0.30; S/ 1.50
      inputs('000004', 500, null, null, 100_000n), // no totals; S/ 2.00
      inputs('000005', 1_000, 0n, 0n, 0n), // PIM 0: no rate; S/ 0.00 and S/ 0.00 are known zeros
    ];
    const s = standings(place, peers);
    // rates of the peers: 90.0, 60.0 → median 75.0; the place's 80.0 is 2nd of 3
    expect(s.executionRatePct).toEqual({ value: 80, median: 75, rank: 2, of: 3, peers: 2, leftOut: ['000004', '000005'] });
    // devengado a head: 0.90, 0.30, 0.00 → median 0.30; 0.80 is 2nd of 4
    expect(s.devengadoPerCapita).toEqual({ value: '0.80', median: '0.30', rank: 2, of: 4, peers: 3, leftOut: ['000004'] });
    // canon a head: 1.50, 2.00, 0.00 → median 1.50; 0.50 is 3rd of 4
    expect(s.canonPerCapita).toEqual({ value: '0.50', median: '1.50', rank: 3, of: 4, peers: 3, leftOut: ['000002'] });
  });

  it('gives no rank to a place without the input, and still the peers’ median', () => {
    const s = standings(inputs('000001', 1_000, null, null, null), [inputs('000002', 1_000, 1_000n, 333n, null)]);
    // 333 / 1000 = 33.3 %
    expect(s.executionRatePct).toEqual({ value: null, median: 33.3, rank: null, of: 1, peers: 1, leftOut: [] });
    expect(s.canonPerCapita).toEqual({ value: null, median: null, rank: null, of: 0, peers: 0, leftOut: ['000002'] });
  });
});
