/**
 * Exact money arithmetic. Amounts travel as decimal strings with two places ("450564829.00")
 * and are held as bigint céntimos when the code must compare or divide them; a JS float never
 * touches money.
 */

const CANONICAL = /^-?\d+\.\d{2}$/;

/** "-1234.50" → -123450n. Accepts only the canonical two-decimal form. */
export function toCents(amount: string): bigint {
  if (!CANONICAL.test(amount)) throw new Error(`not a canonical amount: ${amount}`);
  return BigInt(amount.replace('.', ''));
}

/**
 * A sum from PostgreSQL in céntimos: numeric(18,2) sums come with two places, `coalesce(…, 0)` gives
 * "0", and no value (nothing summed) counts as 0. Anything else is an error, never truncated.
 */
export function sumToCents(v: string | null | undefined): bigint {
  if (v === null || v === undefined) return 0n;
  return toCents(/^-?\d+$/.test(v) ? `${v}.00` : v);
}

/** -123450n → "-1234.50" */
export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const digits = (negative ? -cents : cents).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** A sum from PostgreSQL (sumToCents) as soles with two places: "0" and no value → "0.00". */
export function sumToSoles(v: string | null | undefined): string {
  return fromCents(sumToCents(v));
}

/** Integer division of a by b (b > 0), rounding half away from zero, like PostgreSQL's round(). */
export function divRoundHalfUp(a: bigint, b: bigint): bigint {
  if (b <= 0n) throw new Error('divisor must be positive');
  const q = (2n * (a < 0n ? -a : a) + b) / (2n * b);
  return a < 0n ? -q : q;
}

/**
 * MEF's "Avance %": devengado / PIM × 100 with one decimal, half away from zero.
 * Returns null when PIM is not positive (no budget, no rate).
 */
export function executionRatePct(devengadoCents: bigint, pimCents: bigint): number | null {
  if (pimCents <= 0n) return null;
  const tenths = divRoundHalfUp(devengadoCents * 1000n, pimCents);
  return Number(tenths) / 10;
}
