import { divRoundHalfUp, executionRatePct, fromCents } from '../common/decimal.js';

/**
 * Where a municipality stands among its peers: the municipalities of its department whose population is
 * within a band around its own. Pure functions over what the rollups hold; a peer without an input is
 * left out of the measure that needs it, never counted as zero.
 */

/** The band, from half to double the place's population, both ends included: ⌈population ÷ 2⌉ to population × 2 inhabitants. */
export function peerBand(population: number): { min: number; max: number } {
  return { min: Math.ceil(population / 2), max: population * 2 };
}

/** The figures of one municipality-year that the measures read; null where the input was not imported. */
export interface PeerInputs {
  ubigeo: string;
  population: number | null;
  /** Consulta Amigable totals of the year (céntimos), or null without them. */
  pim: bigint | null;
  devengado: bigint | null;
  /** Canon transferred on rubro 18 in the year (céntimos), or null without transfers imported. */
  transferred: bigint | null;
}

/** amount ÷ population in céntimos, half away from zero (as PostgreSQL's round(x, 2)); null without either. */
export function perCapitaCents(amount: bigint | null, population: number | null): bigint | null {
  if (amount === null || population === null || population <= 0) return null;
  return divRoundHalfUp(amount, BigInt(population));
}

/** The middle value; of an even count, the mean of the two middle ones, half away from zero. Null when empty. */
export function medianOf(values: bigint[]): bigint | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : divRoundHalfUp(sorted[mid - 1] + sorted[mid], 2n);
}

/** 1 + how many values are higher: 1 = highest, equal values share a rank. Null without a value. */
export function rankOf(value: bigint | null, others: bigint[]): number | null {
  if (value === null) return null;
  return 1 + others.filter((o) => o > value).length;
}

export interface Standing<T> {
  value: T | null;
  median: T | null;
  /** Rank among the place and the peers with the measure (1 = highest); null when the place has no value. */
  rank: number | null;
  /** How many are ranked: the peers with the measure, and the place when it has one. */
  of: number;
  /** Peers with the measure. */
  peers: number;
  /** Peers without a complete input for it: left out, not drawn as zero. */
  leftOut: string[];
}

/** A measure in integer units (tenths of a percent, céntimos): the place against the peers that have it. */
function stand(place: PeerInputs, peers: PeerInputs[], measure: (p: PeerInputs) => bigint | null): Standing<bigint> {
  const value = measure(place);
  const known = peers.map((p) => ({ ubigeo: p.ubigeo, v: measure(p) }));
  const values = known.flatMap((k) => (k.v === null ? [] : [k.v]));
  return {
    value,
    median: medianOf(values),
    rank: rankOf(value, values),
    of: values.length + (value === null ? 0 : 1),
    peers: values.length,
    leftOut: known.filter((k) => k.v === null).map((k) => k.ubigeo),
  };
}

const tenthsOfRate = (p: PeerInputs): bigint | null => {
  if (p.pim === null || p.devengado === null) return null;
  const pct = executionRatePct(p.devengado, p.pim);
  return pct === null ? null : BigInt(Math.round(pct * 10));
};

const mapStanding = <A, B>(s: Standing<A>, f: (v: A) => B): Standing<B> => ({
  ...s,
  value: s.value === null ? null : f(s.value),
  median: s.median === null ? null : f(s.median),
});

/**
 * The place's three standings: execution rate (devengado ÷ PIM, one decimal), devengado per inhabitant and
 * canon transferred per inhabitant (soles with two decimals). Each value is rounded first, and the median and
 * rank are of the rounded values, as a reader of the table would find them.
 */
export function standings(place: PeerInputs, peers: PeerInputs[]) {
  return {
    executionRatePct: mapStanding(stand(place, peers, tenthsOfRate), (t) => Number(t) / 10),
    devengadoPerCapita: mapStanding(
      stand(place, peers, (p) => perCapitaCents(p.devengado, p.population)),
      fromCents,
    ),
    canonPerCapita: mapStanding(
      stand(place, peers, (p) => perCapitaCents(p.transferred, p.population)),
      fromCents,
    ),
  };
}

/** Whether a population lies in the band around `population`. */
export function inBand(population: number, candidate: number | null): boolean {
  if (candidate === null) return false;
  const { min, max } = peerBand(population);
  return candidate >= min && candidate <= max;
}
