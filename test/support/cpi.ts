import { readFileSync } from 'node:fs';

/**
 * BCRP's Lima CPI (PN38705PM) as bundled, read independently of the service, for tests of constant soles:
 * each year's months summed as integers at 20 decimal places (the file writes at most 16), so that a
 * year's average is sum ÷ months exactly.
 */
export const CPI = 'data/demo/bcrp_ipc_lima_PN38705PM_2003-2026_snap2026-09-23.json';

const SCALE = 20;
export const cpiDocument = JSON.parse(readFileSync(CPI, 'utf8')) as { config: { series: { name: string }[] }; periods: { name: string; values: string[] }[] };
export const cpiByYear = new Map<number, { months: number; sum: bigint }>();
for (const p of cpiDocument.periods) {
  const year = Number(p.name.slice(4));
  const [whole, fraction = ''] = p.values[0].split('.');
  const y = cpiByYear.get(year) ?? { months: 0, sum: 0n };
  cpiByYear.set(year, { months: y.months + 1, sum: y.sum + BigInt(whole + fraction.padEnd(SCALE, '0')) });
}

/** round(a ÷ b) half away from zero, for a ≥ 0, b > 0. */
export const halfUp = (a: bigint, b: bigint) => (2n * a + b) / (2n * b);

/** céntimos of `year` (≥ 0) in céntimos of `base`: × average(base) ÷ average(year), rounded to the céntimo half up. */
export function centsOf(base: number, year: number, cents: bigint): bigint {
  const b = cpiByYear.get(base)!;
  const y = cpiByYear.get(year)!;
  return halfUp(cents * b.sum * BigInt(y.months), y.sum * BigInt(b.months));
}

/** 12345n céntimos → "123.45" */
export const text = (cents: bigint) => `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;

/** "123.45" → 12345n céntimos */
export const cents = (amount: string) => BigInt(amount.replace('.', ''));

/** soles "142970708.00" of `year` in soles of `base`: céntimos × average(base) ÷ average(year), rounded to the céntimo. */
export function inSolesOf(base: number, year: number, amount: string): string {
  return text(centsOf(base, year, cents(amount)));
}

/** A rate with one decimal, half up, as MEF's: part × 100 ÷ whole (both ≥ 0). */
export const ratePct = (part: bigint, whole: bigint) => Number(halfUp(part * 1000n, whole)) / 10;

/** The average shown with 6 places: sum ÷ 12 at scale 20 → 6 places, half up. */
export function averageShown(year: number): string {
  const y = cpiByYear.get(year)!;
  const micro = halfUp(y.sum, BigInt(y.months) * 10n ** BigInt(SCALE - 6));
  return `${micro / 1_000_000n}.${String(micro % 1_000_000n).padStart(6, '0')}`;
}
