// Figures as Peruvian readers write them: S/ 450,564,829 (es-PE, whole soles) and rates with one decimal.

const soles = new Intl.NumberFormat('es-PE', { style: 'currency', currency: 'PEN', minimumFractionDigits: 0, maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('es-PE', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('es-PE', { maximumFractionDigits: 0 });

/** An exact decimal string ("450564829.50") rounded to whole soles, half away from zero, without going through a float. */
export function wholeSoles(amount: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) throw new Error(`Not an amount: ${amount}`);
  const [, sign, units, fraction = ''] = match;
  const rounded = BigInt(units) + (fraction !== '' && Number(fraction[0]) >= 5 ? 1n : 0n);
  return sign === '-' ? -rounded : rounded;
}

/** "S/ 450,564,829"; a dash for an unknown amount (never 0). */
export function money(amount: string | null | undefined): string {
  return amount === null || amount === undefined ? '—' : soles.format(wholeSoles(amount));
}

/** "74.6 %"; a dash when unknown. */
export function rate(pct: number | null | undefined): string {
  return pct === null || pct === undefined ? '—' : `${oneDecimal.format(pct)} %`;
}

export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : whole.format(n);
}

/** An amount as a number for colouring a map or sizing a bar (display always uses `money`). */
export function magnitude(amount: string | null | undefined): number | null {
  return amount === null || amount === undefined ? null : Number(wholeSoles(amount));
}
