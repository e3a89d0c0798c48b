import { divRoundHalfUp } from '../common/decimal.js';

/** part / total × 100, one decimal, half away from zero; null when the total is not positive. */
export function sharePct(part: bigint, total: bigint): number | null {
  if (total <= 0n) return null;
  return Number(divRoundHalfUp(part * 1000n, total)) / 10;
}

export interface DimensionShare {
  label: string;
  /** céntimos */
  amount: bigint;
}

/**
 * The study's sentence: "of every 10 soles, 6 went to equal rights, 3 to income and productivity and
 * less than one to structural change". Each share of 10 soles is rounded to a whole sol; a share that
 * rounds to 0 but is not 0 is "less than one". Parts are listed largest first; empty ones are left out.
 */
export function tenSolesSentence(parts: DimensionShare[]): string | null {
  const total = parts.reduce((sum, p) => sum + p.amount, 0n);
  if (total <= 0n) return null;
  const phrases = [...parts]
    .filter((p) => p.amount > 0n)
    .sort((a, b) => (b.amount > a.amount ? 1 : b.amount < a.amount ? -1 : 0))
    .map((p) => {
      const soles = divRoundHalfUp(p.amount * 10n, total);
      return `${soles === 0n ? 'less than one' : soles.toString()} to ${p.label}`;
    });
  const list = phrases.length > 1 ? `${phrases.slice(0, -1).join(', ')} and ${phrases[phrases.length - 1]}` : phrases[0];
  return `Of every 10 soles of PIM, ${list}.`;
}

/**
 * Urban share of spending ÷ urban share of population, two decimals: 1 is even, below 1 urban places
 * get less than their share, above 1 more. Null when either share is unknown or the population share is 0.
 */
export function skewIndex(spendingSharePct: number | null, populationSharePct: number | null): number | null {
  if (spendingSharePct === null || populationSharePct === null || populationSharePct === 0) return null;
  // shares come with one decimal: work in tenths to divide exactly
  const tenths = (v: number) => BigInt(Math.round(v * 10));
  return Number(divRoundHalfUp(tenths(spendingSharePct) * 100n, tenths(populationSharePct))) / 100;
}
